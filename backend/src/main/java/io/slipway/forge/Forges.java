package io.slipway.forge;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Answers "is a forge configured, and which?" so a caller can choose between the forge's pull
 * requests and Slipway's own change requests. Always present as a bean, unlike
 * {@link ForgeClient}, which exists only when {@code slipway.forge.type} is not {@code none}.
 * <pre>
 * forges.client().map((forge) -&gt; forge.open(request)).orElseGet(() -&gt; openOwnChangeRequest(request));
 * </pre>
 */
public final class Forges {

	private final ForgeProperties.Type type;

	private final @Nullable ForgeClient client;

	/**
	 * The configured forge; tests may build one around a stand-in client.
	 * @param type which forge the client talks to; {@link ForgeProperties.Type#NONE} with no client
	 * @param client the client, {@code null} when no forge is configured
	 */
	public Forges(ForgeProperties.Type type, @Nullable ForgeClient client) {
		Objects.requireNonNull(type, "type");
		if ((type == ForgeProperties.Type.NONE) != (client == null)) {
			throw new IllegalArgumentException("a client goes with a forge type other than none, was " + type.key()
					+ ((client == null) ? " without" : " with") + " a client");
		}
		this.type = type;
		this.client = client;
	}

	/**
	 * No forge: Slipway keeps its own change requests.
	 */
	public static Forges none() {
		return new Forges(ForgeProperties.Type.NONE, null);
	}

	/**
	 * The client of the configured forge.
	 * @return the client, or empty when {@code slipway.forge.type} is {@code none}
	 */
	public Optional<ForgeClient> client() {
		return Optional.ofNullable(this.client);
	}

	/**
	 * Whether change requests live on a forge.
	 * @return {@code true} when a {@link #client()} is present
	 */
	public boolean configured() {
		return this.client != null;
	}

	/**
	 * Which forge, e.g. to say "opened on GitHub".
	 * @return the configured type, {@link ForgeProperties.Type#NONE} when none
	 */
	public ForgeProperties.Type type() {
		return this.type;
	}

}
