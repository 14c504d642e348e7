package io.slipway.changerequest;

import java.io.IOException;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Change requests on GitLab, against a stub answering as GitLab's REST API documents.
 */
class GitLabChangeRequestTests extends ForgeChangeRequestContract {

	private static final FakeForge forge = new FakeForge.GitLab();

	private static final MockWebServer server = new MockWebServer();

	@DynamicPropertySource
	static void forge(DynamicPropertyRegistry registry) throws IOException {
		server.setDispatcher(forge);
		server.start();
		registry.add("slipway.forge.type", () -> "gitlab");
		registry.add("slipway.forge.url", () -> server.url("/").toString());
		registry.add("slipway.forge.repository", () -> "platform/infra");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Override
	FakeForge forge() {
		return forge;
	}

}
