package io.slipway.argocd;

import java.nio.file.Files;
import java.nio.file.Path;

import io.slipway.argocd.internal.webclient.WebClientArgoCdClient;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.slipway.argocd.ArgoCdClientFixtures.PATIENCE;
import static io.slipway.argocd.ArgoCdClientFixtures.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * TLS to an Argo CD server whose certificate a private CA signed, as most installations have: the
 * JVM's trust store refuses it, {@code ca-file} trusts it, and {@code insecure} trusts anything,
 * the host name included.
 */
class ArgoCdClientTlsTests {

	/** The name the stub listens on, which its certificate must carry. */
	private static final String LOCALHOST = "localhost";

	private static final String VERSION = "{\"Version\":\"v3.5.1+109ca7c\"}";

	private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("Example Private CA")
		.build();

	private final MockWebServer argocd = new MockWebServer();

	@TempDir
	Path dir;

	@AfterEach
	void stop() {
		this.argocd.close();
	}

	@Test
	void trustsAServerSignedByTheCaOfTheCaFile() throws Exception {
		serve(certificateFor(LOCALHOST));
		Path caFile = Files.writeString(this.dir.resolve("ca.pem"), this.ca.certificatePem());

		ArgoCdClient client = new WebClientArgoCdClient(
				ArgoCdClientFixtures.properties(url()).withTrust(caFile.toString(), false));

		assertThat(client.version().block(PATIENCE).version()).isEqualTo("v3.5.1+109ca7c");
	}

	@Test
	void refusesAServerTheJvmDoesNotTrust() throws Exception {
		serve(certificateFor(LOCALHOST));
		ArgoCdClient client = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url())
			.withResilience(1, java.time.Duration.ZERO, java.time.Duration.ofMinutes(1)));

		ArgoCdException ex = catchThrowableOfType(ArgoCdException.class, () -> client.version().block(PATIENCE));

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.httpStatus()).isZero();
		assertThat(ex.getMessage()).startsWith("error reading the version on " + url() + ": TLS handshake failed");
	}

	@Test
	void checksTheHostNameEvenWithTheRightCa() throws Exception {
		serve(certificateFor("argocd.example.com"));
		Path caFile = Files.writeString(this.dir.resolve("ca.pem"), this.ca.certificatePem());
		ArgoCdClient client = new WebClientArgoCdClient(ArgoCdClientFixtures.properties(url())
			.withTrust(caFile.toString(), false)
			.withResilience(1, java.time.Duration.ZERO, java.time.Duration.ofMinutes(1)));

		ArgoCdException ex = catchThrowableOfType(ArgoCdException.class, () -> client.version().block(PATIENCE));

		assertThat(ex).isInstanceOf(ArgoCdException.Unavailable.class);
		assertThat(ex.getMessage()).contains("TLS handshake failed");
	}

	@Test
	void trustsAnyCertificateAndHostNameWhenInsecure() throws Exception {
		serve(certificateFor("argocd.example.com"));

		ArgoCdClient client = new WebClientArgoCdClient(
				ArgoCdClientFixtures.properties(url()).withTrust(null, true));

		assertThat(client.version().block(PATIENCE).version()).isEqualTo("v3.5.1+109ca7c");
	}

	@Test
	void refusesACaFileWithoutCertificatesAtStart() throws Exception {
		Path notPem = Files.writeString(this.dir.resolve("ca.pem"), "not a certificate");

		assertThatIllegalStateException()
			.isThrownBy(() -> new WebClientArgoCdClient(
					ArgoCdClientFixtures.properties("https://argocd.example.com").withTrust(notPem.toString(), false)))
			.withMessageContaining("slipway.argocd.ca-file");
	}

	@Test
	void refusesAMissingCaFileOrBothWaysOfTrustAtStart() throws Exception {
		Path caFile = Files.writeString(this.dir.resolve("ca.pem"), this.ca.certificatePem());

		assertThatIllegalArgumentException()
			.isThrownBy(() -> ArgoCdClientFixtures.properties("https://argocd.example.com")
				.withTrust(this.dir.resolve("missing.pem").toString(), false))
			.withMessage("slipway.argocd.ca-file cannot be read: " + this.dir.resolve("missing.pem"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ArgoCdClientFixtures.properties("https://argocd.example.com")
				.withTrust(caFile.toString(), true))
			.withMessageContaining("exclude each other");
	}

	private HeldCertificate certificateFor(String host) {
		return new HeldCertificate.Builder().commonName(host).addSubjectAlternativeName(host).signedBy(this.ca).build();
	}

	private void serve(HeldCertificate certificate) throws Exception {
		HandshakeCertificates server = new HandshakeCertificates.Builder()
			.heldCertificate(certificate, this.ca.certificate())
			.build();
		this.argocd.useHttps(server.sslSocketFactory());
		this.argocd.enqueue(jsonBody(200, VERSION));
		this.argocd.start();
	}

	private String url() {
		return "https://" + LOCALHOST + ":" + this.argocd.getPort();
	}

}
