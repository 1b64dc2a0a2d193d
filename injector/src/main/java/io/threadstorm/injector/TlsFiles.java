package io.threadstorm.injector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The webhook's TLS identity from the PEM files a Kubernetes TLS Secret holds ({@code tls.crt}: the certificate
 * chain, {@code tls.key}: an unencrypted PKCS#8 key, RSA or EC; cert-manager writes PKCS#8 when the Certificate
 * asks for {@code privateKey.encoding: PKCS8}).
 */
final class TlsFiles {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsFiles() {
    }

    /** An SSLContext serving what {@code keys} holds now. */
    static SSLContext context(ReloadingKeyManager keys) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keys}, null, null);
        return context;
    }

    /** A key manager for the chain in {@code cert} with the key in {@code key}; the message of a failure is one line. */
    static X509ExtendedKeyManager keyManager(Path cert, Path key) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> chain;
        try (var in = new ByteArrayInputStream(Files.readAllBytes(cert))) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("certificate file " + cert + " holds no PEM certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("certificate file " + cert + " holds no PEM certificate");
        }
        PrivateKey privateKey = privateKey(key);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("webhook", privateKey, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 key manager");
    }

    static PrivateKey privateKey(Path key) throws IOException, GeneralSecurityException {
        String pem = Files.readString(key);
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            String found = pem.contains("-----BEGIN RSA PRIVATE KEY-----") ? " (it is PKCS#1)"
                    : pem.contains("-----BEGIN EC PRIVATE KEY-----") ? " (it is SEC1)"
                    : pem.contains("ENCRYPTED") ? " (it is encrypted)" : "";
            throw new GeneralSecurityException("key file " + key + " holds no unencrypted PKCS#8 key" + found
                    + "; convert it with openssl pkcs8 -topk8 -nocrypt, or set privateKey.encoding: PKCS8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("key file " + key + " holds a PKCS#8 key that is not RSA, EC or Ed25519");
    }
}
