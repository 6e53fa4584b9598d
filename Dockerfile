# A Kafka Connect image with Tributary's four plugins, the Prometheus JMX exporter and the shared worker settings,
# on the official Apache Kafka image of the version the build pins. docker-compose.yml builds and runs it.
#
#   mvn -B install -DskipTests          # the plugin directories and the exporter agent, under */target
#   docker build -t tributary-connect:0.1.0 .
#
# Run a worker with: /opt/kafka/bin/connect-distributed.sh <properties> where the properties are
# /etc/tributary/connect-distributed.properties plus bootstrap.servers, listeners, rest.advertised.*, and
# plugin.path=/opt/tributary/plugins (docker-compose.yml shows it). Another Kafka: --build-arg KAFKA_IMAGE=...
# (docs/compatibility.md lists the versions tested).
ARG KAFKA_IMAGE=apache/kafka:4.3.1
FROM ${KAFKA_IMAGE}

# one directory per plugin under plugin.path, each loaded by its own classloader
COPY connect-source-jdbc/target/plugin/ /opt/tributary/plugins/
COPY connect-sink-elasticsearch/target/plugin/ /opt/tributary/plugins/
COPY connect-cdc/target/plugin/ /opt/tributary/plugins/
COPY smt-transforms/target/plugin/ /opt/tributary/plugins/

# the exporter agent and its rules: KAFKA_OPTS=-javaagent:/opt/tributary/jmx/jmx_prometheus_javaagent.jar=9404:...
COPY devstack/target/agents/jmx_prometheus_javaagent.jar /opt/tributary/jmx/jmx_prometheus_javaagent.jar
COPY deploy/prometheus/connect-worker-jmx.yml /opt/tributary/jmx/connect-worker-jmx.yml

# the settings every worker shares (converters, config providers, exactly-once); secrets are mounted at run time
# under /etc/tributary/secrets, the only directory the file config provider reads
COPY configs/worker/connect-distributed.properties /etc/tributary/connect-distributed.properties

EXPOSE 8083 9404
