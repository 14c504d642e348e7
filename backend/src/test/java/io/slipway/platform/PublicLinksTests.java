package io.slipway.platform;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublicLinksTests {

	@Test
	void withoutAPublicUrlLinksStayPaths() {
		PublicLinks links = new PublicLinks(new PublicLinks.Settings(null));
		assertThat(links.to("/promotions/7")).isEqualTo("/promotions/7");
		assertThat(links.absolute("/promotions/7")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://slipway.example.com", "https://slipway.example.com/" })
	void withAPublicUrlLinksAreAbsoluteWithOneSlash(String url) {
		PublicLinks links = new PublicLinks(new PublicLinks.Settings(URI.create(url)));
		assertThat(links.to("/promotions/7")).isEqualTo("https://slipway.example.com/promotions/7");
		assertThat(links.absolute("/promotions/7")).contains("https://slipway.example.com/promotions/7");
	}

	@Test
	void aPublicUrlUnderAPathKeepsIt() {
		PublicLinks links = new PublicLinks(new PublicLinks.Settings(URI.create("https://tools.example.com/slipway/")));
		assertThat(links.to("/promotions/7")).isEqualTo("https://tools.example.com/slipway/promotions/7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "slipway.example.com", "/slipway", "ftp://slipway.example.com",
			"https://user:secret@slipway.example.com", "https://slipway.example.com/?a=b",
			"https://slipway.example.com/#top" })
	void anythingButAPlainHttpAddressStopsTheStartNamingTheKey(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PublicLinks(new PublicLinks.Settings(URI.create(url))))
			.withMessageContaining("slipway.public-url")
			.withMessageNotContaining("secret");
	}

}
