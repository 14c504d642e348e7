package io.slipway.platform;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Links to Slipway's pages from places outside it: pull-request bodies on a forge, chat
 * notifications. A path alone is useless there, so {@code slipway.public-url} (the address
 * people open Slipway at) makes them absolute; without it they stay paths.
 */
@Component
@EnableConfigurationProperties(PublicLinks.Settings.class)
public class PublicLinks {

	private final @Nullable String base;

	PublicLinks(Settings settings) {
		this.base = base(settings.publicUrl());
	}

	/**
	 * @param path a page's path, e.g. {@code /promotions/7}
	 * @return the absolute link when {@code slipway.public-url} is set, else the path
	 */
	public String to(String path) {
		return (this.base != null) ? this.base + path : path;
	}

	/**
	 * @param path a page's path
	 * @return the absolute link, empty when {@code slipway.public-url} is not set
	 */
	public Optional<String> absolute(String path) {
		return Optional.ofNullable(this.base).map((base) -> base + path);
	}

	private static @Nullable String base(@Nullable URI url) {
		if (url == null) {
			return null;
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
				|| url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
			throw new IllegalArgumentException("slipway.public-url must be an http(s) address without credentials,"
					+ " query or fragment, e.g. https://slipway.example.com");
		}
		String text = url.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

	/**
	 * @param publicUrl where people open Slipway, e.g. {@code https://slipway.example.com}
	 */
	@ConfigurationProperties("slipway")
	record Settings(@Nullable URI publicUrl) {
	}

}
