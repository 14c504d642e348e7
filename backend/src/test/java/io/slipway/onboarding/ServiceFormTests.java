package io.slipway.onboarding;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The onboarding form as the spec reader sees it: what a developer typed becomes the API's JSON,
 * and the reader's and validator's field paths find their way back to the inputs.
 */
class ServiceFormTests {

	private static final List<String> ENVIRONMENTS = List.of("staging", "production");

	private final ServiceSpecReader reader = new ServiceSpecReader();

	@Test
	void theDefaultsNeedOnlyANameATeamAnImageAndTagsToBeASpec() {
		MultiValueMap<String, String> submitted = submitted(ServiceForm.defaults(ENVIRONMENTS));
		submitted.set("name", "payments");
		submitted.set("team", "finance");
		submitted.set("image", "ghcr.io/acme/payments");
		submitted.set("environments.staging.imageTag", "1.4.0");
		submitted.set("environments.production.imageTag", "1.4.0");

		ServiceSpec spec = this.reader.read(ServiceForm.of(submitted, ENVIRONMENTS).toJson());

		ServiceSpecValidator validator = new ServiceSpecValidator(ENVIRONMENTS, Set.of("goapps", "packages"),
				List.of());
		assertThat(validator.validate(spec)).isEmpty();
		assertThat(spec.ports()).isEqualTo(new ServiceSpec.Ports(8080, null, null));
		assertThat(spec.hpa()).isEqualTo(ServiceSpec.Hpa.DEFAULT);
		assertThat(spec.environments()).containsOnlyKeys("staging", "production");
		assertThat(spec.environments().get("production").replicas()).isEqualTo(2);
		assertThat(spec.environments().get("production").resources().limits())
			.isEqualTo(new ServiceSpec.ResourceQuantities("1", "1Gi"));
		assertThat(spec.ingressHost()).isNull();
		assertThat(spec.templatePack()).isEqualTo("goapps");
	}

	@Test
	void blankRowsAreLeftOutAndErrorsOfTheSpecsRowsFindTheFormsRows() {
		MultiValueMap<String, String> submitted = new LinkedMultiValueMap<>();
		submitted.add("env[0].name", "");
		submitted.add("env[0].value", "");
		submitted.add("env[3].name", "LOG_LEVEL");
		submitted.add("env[3].value", "info");
		submitted.add("env[4].name", "");
		submitted.add("env[4].value", "orphan value");
		submitted.add("secretEnv[2].name", "TOKEN");
		submitted.add("secretEnv[2].secret", "api");
		submitted.add("secretEnv[2].key", "token");

		ServiceForm form = ServiceForm.of(submitted, ENVIRONMENTS);

		assertThat(form.toJson()).contains("\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"},"
				+ "{\"name\":\"\",\"value\":\"orphan value\"}]");
		assertThat(form.inputName("env[0].name")).hasValue("env[3].name");
		assertThat(form.inputName("env[1].name")).hasValue("env[4].name");
		assertThat(form.inputName("secretEnv[0].key")).hasValue("secretEnv[2].key");
	}

	@Test
	void fieldPathsWithoutAnInputOfTheirOwnPointAtTheFirstInputInside() {
		ServiceForm form = ServiceForm.defaults(ENVIRONMENTS);

		assertThat(form.inputName("ports")).hasValue("ports.http");
		assertThat(form.inputName("environments.production")).hasValue("environments.production.replicas");
		assertThat(form.inputName("dependencies[1]")).hasValue("dependencies");
		assertThat(form.inputName("environments.production.resources.limits.cpu"))
			.hasValue("environments.production.resources.limits.cpu");
		assertThat(form.inputName(FieldError.BODY)).isEmpty();
		assertThat(form.inputName("environments.dev")).isEmpty();
	}

	@Test
	void numbersThatAreNotNumbersAreTheFormsOwnProblemAndStayOutOfTheSpec() {
		MultiValueMap<String, String> submitted = submitted(ServiceForm.defaults(ENVIRONMENTS));
		submitted.set("ports.http", "80a");
		submitted.set("hpa.max", "1e3");
		submitted.set("environments.staging.replicas", " 3 ");
		submitted.set("hpa.memory", "");

		ServiceForm form = ServiceForm.of(submitted, ENVIRONMENTS);

		assertThat(form.typeErrors()).containsExactly(new FieldError("ports.http", "must be a whole number"),
				new FieldError("hpa.max", "must be a whole number"));
		ServiceSpec spec = this.reader.read(form.toJson());
		assertThat(spec.ports().http()).isNull();
		assertThat(spec.hpa().max()).isEqualTo(ServiceSpec.Hpa.DEFAULT.max());
		assertThat(spec.hpa().memory()).as("blank memory target: CPU only").isNull();
		assertThat(spec.environments().get("staging").replicas()).isEqualTo(3);
	}

	@Test
	void valuesReachTheSpecExactlyAsTypedWhateverTheyHold() {
		String value = "line one\n---\nkind: Secret # \"quoted\" & *alias {braces} ünïcode";
		MultiValueMap<String, String> submitted = submitted(ServiceForm.defaults(ENVIRONMENTS));
		submitted.set("env[0].name", "NOTE");
		submitted.set("env[0].value", value);

		ServiceSpec spec = this.reader.read(ServiceForm.of(submitted, ENVIRONMENTS).toJson());

		assertThat(spec.env()).containsExactly(new ServiceSpec.EnvVar("NOTE", value));
	}

	@Test
	void theHiddenFieldsOfThePreviewBringBackTheSameForm() {
		MultiValueMap<String, String> submitted = submitted(ServiceForm.defaults(ENVIRONMENTS));
		submitted.set("name", "payments");
		submitted.set("env[1].name", "REGION");
		submitted.set("env[1].value", "eu");
		submitted.add("dependencies", "redis");

		ServiceForm form = ServiceForm.of(submitted, ENVIRONMENTS);
		MultiValueMap<String, String> hidden = new LinkedMultiValueMap<>();
		form.hiddenFields().forEach((field) -> hidden.add(field.getKey(), field.getValue()));
		ServiceForm again = ServiceForm.of(hidden, ENVIRONMENTS);

		assertThat(again.toJson()).isEqualTo(form.toJson());
		assertThat(again.get("env[1].value")).isEqualTo("eu");
		assertThat(again.dependsOn("redis")).isTrue();
		assertThat(hidden.keySet()).as("blank rows are not carried").doesNotContain("env[0].name");
	}

	@Test
	void addingARowGivesOneMoreBlankRowUpToALimit() {
		ServiceForm form = ServiceForm.defaults(ENVIRONMENTS);

		assertThat(form.withExtraRow("env").envRows()).hasSize(ServiceForm.MIN_ENV_ROWS + 1);
		assertThat(form.withExtraRow("secretEnv").secretRows()).hasSize(ServiceForm.MIN_SECRET_ROWS + 1);
		ServiceForm full = form;
		for (int i = 0; i < ServiceForm.MAX_ROWS + 5; i++) {
			full = full.withExtraRow("env");
		}
		assertThat(full.envRows()).hasSize(ServiceForm.MAX_ROWS);
	}

	private static MultiValueMap<String, String> submitted(ServiceForm form) {
		MultiValueMap<String, String> submitted = new LinkedMultiValueMap<>();
		for (Map.Entry<String, String> field : form.hiddenFields()) {
			submitted.add(field.getKey(), field.getValue());
		}
		return submitted;
	}

}
