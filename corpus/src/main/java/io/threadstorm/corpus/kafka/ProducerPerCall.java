package io.threadstorm.corpus.kafka;

import io.threadstorm.examples.Workload;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Misuse of the Kafka client: every audit event builds its own producer, sends one record and never closes the
 * producer. Each leaves a "kafka-producer-network-thread" that wakes up on its reconnect back-off and metadata
 * timers forever. No broker runs: the port is closed, as during a broker outage.
 */
public class ProducerPerCall {

    static void audit(int n) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "200");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        KafkaProducer<String, String> producer = new KafkaProducer<>(p); // threadstorm:leak-site
        producer.send(new ProducerRecord<>("audit", "event-" + n), (meta, e) -> { });
    }

    public static void main(String[] args) {
        Workload.parse(args).run(ProducerPerCall::audit);
    }
}
