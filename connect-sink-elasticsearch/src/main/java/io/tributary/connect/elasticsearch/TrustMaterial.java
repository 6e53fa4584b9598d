package io.tributary.connect.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The certificate authorities to trust for https:// nodes: a truststore, a PEM file, or the JVM default. */
final class TrustMaterial {

    private TrustMaterial() {
    }

    /** An SSLContext trusting the configured authorities, or null to keep the JVM's default trust. */
    static SSLContext sslContext(ElasticsearchSinkConfig config) {
        try {
            KeyStore trusted;
            if (config.truststoreLocation() != null && !config.truststoreLocation().isBlank()) {
                trusted = loadTruststore(Path.of(config.truststoreLocation()), config.truststoreType(),
                        config.truststorePassword());
            } else if (config.caCertificateLocation() != null && !config.caCertificateLocation().isBlank()) {
                trusted = loadPem(Path.of(config.caCertificateLocation()));
            } else {
                return null;
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS trust: " + e.getMessage());
        }
    }

    static KeyStore loadTruststore(Path file, String type, Password password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        char[] secret = password == null || password.value() == null ? null : password.value().toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, secret);
        } catch (IOException e) {
            // the message of a wrong password names no secret, but keep it generic anyway
            throw new ConfigException(ElasticsearchSinkConfig.TRUSTSTORE_LOCATION, file.toString(),
                    "cannot read the truststore (wrong type or password?)");
        }
        return store;
    }

    static KeyStore loadPem(Path file) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new ConfigException(ElasticsearchSinkConfig.CA_CERTIFICATE_LOCATION, file.toString(),
                    "cannot read the CA certificate file: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(ElasticsearchSinkConfig.CA_CERTIFICATE_LOCATION, file.toString(),
                    "the file holds no PEM certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        return store;
    }
}
