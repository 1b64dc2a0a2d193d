package io.threadstorm.corpus.kafka;

import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Correct use of the Kafka client under load: one producer shared by 16 request threads ("audit-N") that each send
 * audit events, 200 a second in all, during a broker outage (the port is closed). It lives as long as the service.
 */
public class SharedProducer {

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "200");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ExecutorService requests = Traffic.callers("audit", 16);
            Workload load = Traffic.at(200, args);
            load.run(n -> {
                requests.execute(() -> producer.send(new ProducerRecord<>("audit", "event-" + n), (m, e) -> { }));
                if (n == 1000) {
                    io.threadstorm.corpus.Backend.printPoolThreads("audit-");
                }
            });
        }
    }
}
