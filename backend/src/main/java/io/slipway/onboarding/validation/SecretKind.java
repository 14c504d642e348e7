package io.slipway.onboarding.validation;

/**
 * The kinds of secret {@link SecretScanner} recognises. The description is what an error message
 * tells the developer, so they know what to move to a Secret without the value being repeated.
 */
public enum SecretKind {

	/** AWS access key ID ({@code AKIA…}, {@code ASIA…} and the other IAM prefixes). */
	AWS_ACCESS_KEY("an AWS access key ID"),

	/** Google Cloud API key ({@code AIza…}) or OAuth client secret ({@code GOCSPX-…}). */
	GCP_KEY("a Google Cloud key"),

	/** Azure storage account key or SAS signature in a connection string, or an Entra ID client secret. */
	AZURE_KEY("an Azure key"),

	/** A PEM private key block, including inside a service account JSON. */
	PRIVATE_KEY("a private key"),

	/** GitHub token ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}, {@code github_pat_}). */
	GITHUB_TOKEN("a GitHub token"),

	/** GitLab token ({@code glpat-}, {@code gldt-}, {@code glrt-}, {@code glptt-}, {@code glcbt-}). */
	GITLAB_TOKEN("a GitLab token"),

	/** Slack token ({@code xoxb-}, {@code xoxp-}, …) or incoming webhook URL. */
	SLACK_TOKEN("a Slack token"),

	/** Stripe live secret or restricted key. */
	STRIPE_KEY("a Stripe key"),

	/** A JSON Web Token: three base64url segments, the first a JSON header ({@code eyJ…}). */
	JWT("a JSON Web Token"),

	/** An HTTP {@code Authorization} credential ({@code Bearer …}, {@code Basic …}). */
	AUTHORIZATION_HEADER("an HTTP authorization credential"),

	/** An assignment such as {@code password=…}, {@code secret: …}, {@code api_key=…}. */
	CREDENTIAL_ASSIGNMENT("a password, secret or token assignment"),

	/** A URL carrying a user name and password ({@code scheme://user:password@host}). */
	URL_CREDENTIALS("a URL with a password"),

	/** A literal value in a variable named like a secret ({@code DB_PASSWORD}, {@code API_TOKEN}). */
	SECRET_NAMED_VARIABLE("a literal value in a variable named like a secret"),

	/** A long random-looking token: mixed case and digits with high Shannon entropy. */
	HIGH_ENTROPY("a high-entropy string that looks like a generated key or token");

	private final String description;

	SecretKind(String description) {
		this.description = description;
	}

	/** What the secret looks like, in words for an error message ("a GitHub token"). */
	public String description() {
		return this.description;
	}

}
