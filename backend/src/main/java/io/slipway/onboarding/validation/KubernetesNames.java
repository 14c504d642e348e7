package io.slipway.onboarding.validation;

import java.util.regex.Pattern;

/**
 * The name syntaxes Kubernetes enforces, checked before anything is written so a spec cannot
 * produce manifests the API server refuses.
 */
public final class KubernetesNames {

	private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

	private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

	private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

	/** Longest DNS label. */
	public static final int MAX_LABEL = 63;

	/** Longest DNS subdomain. */
	public static final int MAX_SUBDOMAIN = 253;

	private KubernetesNames() {
	}

	/** A DNS-1035 label (Service names): lower-case alphanumerics and '-', starting with a letter. */
	public static boolean isDns1035Label(String value) {
		return value.length() <= MAX_LABEL && DNS_1035_LABEL.matcher(value).matches();
	}

	/** A DNS-1123 label (namespaces, label-like names): may also start with a digit. */
	public static boolean isDns1123Label(String value) {
		return value.length() <= MAX_LABEL && DNS_1123_LABEL.matcher(value).matches();
	}

	/** A DNS-1123 subdomain (most object names): dot-separated DNS-1123 labels, 253 characters at most. */
	public static boolean isDns1123Subdomain(String value) {
		if (value.isEmpty() || value.length() > MAX_SUBDOMAIN) {
			return false;
		}
		for (String label : value.split("\\.", -1)) {
			if (!isDns1123Label(label)) {
				return false;
			}
		}
		return true;
	}

	/** A C identifier, the portable form of an environment variable name. */
	public static boolean isCIdentifier(String value) {
		return C_IDENTIFIER.matcher(value).matches();
	}

	/** A key inside a Secret or ConfigMap. */
	public static boolean isConfigKey(String value) {
		return value.length() <= MAX_SUBDOMAIN && SECRET_KEY.matcher(value).matches();
	}

	/**
	 * A host name an Ingress accepts: a DNS-1123 subdomain that is not an IP address (Kubernetes
	 * refuses IPs as Ingress hosts) and not a wildcard (a single service should not claim a whole
	 * domain).
	 */
	public static boolean isHostName(String value) {
		if (!isDns1123Subdomain(value)) {
			return false;
		}
		String topLabel = value.substring(value.lastIndexOf('.') + 1);
		return !topLabel.chars().allMatch(Character::isDigit);
	}

}
