# The injector's image: a JRE and the runnable injector jar.
# Build from the repository root after the Maven build:
#   mvn -B -ntp -pl injector -am package -DskipTests
#   docker build -f deploy/image/injector.Dockerfile -t <registry>/threadstorm/injector:0.1.0 .
FROM eclipse-temurin:17-jre
COPY injector/target/threadstorm-injector.jar /opt/threadstorm/threadstorm-injector.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/opt/threadstorm/threadstorm-injector.jar"]
CMD ["serve", "--port=8443", "--cert=/tls/tls.crt", "--key=/tls/tls.key"]
