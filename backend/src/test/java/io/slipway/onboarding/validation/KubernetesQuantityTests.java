package io.slipway.onboarding.validation;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesQuantityTests {

	@ParameterizedTest
	@CsvSource({ "100m, 0.1", "0.5, 0.5", "1, 1", "1500m, 1.5", ".5, 0.5", "5., 5", "+2, 2", "-1, -1", "1k, 1000",
			"1M, 1000000", "1G, 1000000000", "2T, 2000000000000", "1P, 1000000000000000", "1E, 1000000000000000000",
			"1Ki, 1024", "128Mi, 134217728", "1Gi, 1073741824", "1.5Gi, 1610612736", "1Ti, 1099511627776",
			"1e3, 1000", "1E3, 1000", "12e-1, 1.2", "1e+2, 100" })
	void parsesTheKubernetesGrammar(String text, BigDecimal value) {
		assertThat(KubernetesQuantity.parse(text)).hasValue(new KubernetesQuantity(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "m", "Mi", "1MB", "1mi", "1 Gi", " 1", "1.2.3", "1e", "1e999", "0x10", "1Ki1",
			"one", "１", "1,5" })
	void refusesWhatKubernetesRefuses(String text) {
		assertThat(KubernetesQuantity.parse(text)).isEmpty();
	}

	@Test
	void quantitiesInDifferentUnitsCompareByValue() {
		assertThat(parse("1Gi")).isGreaterThan(parse("1G"));
		assertThat(parse("1000m")).isEqualByComparingTo(parse("1")).isEqualTo(parse("1"));
		assertThat(parse("1e3")).isEqualTo(parse("1k"));
		assertThat(parse("512Mi")).isEqualTo(parse("0.5Gi")).isLessThan(parse("513Mi"));
	}

	@Test
	void tellsWholeBytesAndWholeMillicores() {
		assertThat(parse("1.5Gi").isWhole()).isTrue();
		assertThat(parse("0.5").isWhole()).isFalse();
		assertThat(parse("128m").isWhole()).isFalse();
		assertThat(parse("0.001").isWholeMillis()).isTrue();
		assertThat(parse("0.0005").isWholeMillis()).isFalse();
		assertThat(parse("0").isPositive()).isFalse();
		assertThat(parse("-1m").isPositive()).isFalse();
	}

	@Test
	void refusesVeryLongInput() {
		assertThat(KubernetesQuantity.parse("1".repeat(65))).isEmpty();
		assertThat(KubernetesQuantity.parse("1".repeat(64))).isPresent();
	}

	private static KubernetesQuantity parse(String text) {
		return KubernetesQuantity.parse(text).orElseThrow();
	}

}
