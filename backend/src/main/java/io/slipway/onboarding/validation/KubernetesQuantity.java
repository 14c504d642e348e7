package io.slipway.onboarding.validation;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 100m}, {@code 0.5}, {@code 128Mi}, {@code 1G},
 * {@code 1e3}) with its exact value, so requests and limits written in different units can be
 * compared. Follows the grammar of {@code k8s.io/apimachinery/pkg/api/resource}: a signed decimal
 * number followed by a binary-SI suffix ({@code Ki}…{@code Ei}), a decimal-SI suffix
 * ({@code m}, {@code k}, {@code M}…{@code E}) or a decimal exponent ({@code e3}, {@code E-2}).
 *
 * @param value the quantity in base units (cores, bytes)
 */
public record KubernetesQuantity(BigDecimal value) implements Comparable<KubernetesQuantity> {

	// Exponent before single letters: "1E3" is a thousand, "1E" an exa.
	private static final Pattern QUANTITY = Pattern
		.compile("([+-]?)([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,2}|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");

	// Far more than any real quantity; keeps BigDecimal arithmetic on hostile input cheap.
	private static final int MAX_LENGTH = 64;

	private static final BigDecimal MILLI = new BigDecimal("0.001");

	public KubernetesQuantity {
		// "1" and "1000m" are the same quantity and should be equal.
		value = value.stripTrailingZeros();
	}

	/**
	 * Parses a quantity.
	 * @param text the quantity as written
	 * @return its value, or empty when the text is not a quantity
	 */
	public static Optional<KubernetesQuantity> parse(String text) {
		if (text.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		Matcher matcher = QUANTITY.matcher(text);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		BigDecimal number = new BigDecimal(matcher.group(2));
		if ("-".equals(matcher.group(1))) {
			number = number.negate();
		}
		String suffix = matcher.group(3);
		return Optional.of(new KubernetesQuantity(number.multiply(multiplier(suffix))));
	}

	private static BigDecimal multiplier(String suffix) {
		if (suffix == null) {
			return BigDecimal.ONE;
		}
		return switch (suffix) {
			case "m" -> MILLI;
			case "k" -> BigDecimal.TEN.pow(3);
			case "M" -> BigDecimal.TEN.pow(6);
			case "G" -> BigDecimal.TEN.pow(9);
			case "T" -> BigDecimal.TEN.pow(12);
			case "P" -> BigDecimal.TEN.pow(15);
			case "E" -> BigDecimal.TEN.pow(18);
			case "Ki" -> BigDecimal.valueOf(2).pow(10);
			case "Mi" -> BigDecimal.valueOf(2).pow(20);
			case "Gi" -> BigDecimal.valueOf(2).pow(30);
			case "Ti" -> BigDecimal.valueOf(2).pow(40);
			case "Pi" -> BigDecimal.valueOf(2).pow(50);
			case "Ei" -> BigDecimal.valueOf(2).pow(60);
			default -> BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
		};
	}

	/** Whether the quantity is above zero. */
	public boolean isPositive() {
		return this.value.signum() > 0;
	}

	/** Whether the quantity is a whole number of base units (memory: bytes). */
	public boolean isWhole() {
		return this.value.stripTrailingZeros().scale() <= 0;
	}

	/** Whether the quantity is a whole number of thousandths (CPU: millicores). */
	public boolean isWholeMillis() {
		return this.value.divide(MILLI).stripTrailingZeros().scale() <= 0;
	}

	@Override
	public int compareTo(KubernetesQuantity other) {
		return this.value.compareTo(other.value);
	}

}
