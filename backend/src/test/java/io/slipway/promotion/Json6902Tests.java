package io.slipway.promotion;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON 6902 operations as kustomize overlays write them, on a Deployment read from YAML: the
 * RFC's pointer escapes and array positions, copy and move, and the target selectors.
 */
class Json6902Tests {

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: ledger-api
			  namespace: payments
			  labels:
			    tier: backend
			  annotations:
			    example.com/owner: team-a
			spec:
			  replicas: 2
			  template:
			    spec:
			      containers:
			        - name: ledger
			          env:
			            - name: A
			              value: "1"
			            - name: C
			              value: "3"
			""";

	@SuppressWarnings("unchecked")
	private static <T> T yaml(String text) {
		return (T) new Yaml().load(text);
	}

	@Test
	void appliesOperationsOnACopyWithPointerEscapesAndArrayPositions() {
		Map<String, Object> deployment = yaml(DEPLOYMENT);
		Map<String, Object> patched = Json6902.apply(deployment, yaml("""
				- op: add
				  path: /spec/template/spec/containers/0/env/1
				  value: {name: B, value: "2"}
				- op: add
				  path: /metadata/annotations/example.com~1team
				  value: payments~core
				- op: copy
				  from: /spec/replicas
				  path: /metadata/annotations/replicas-before
				- op: move
				  from: /spec/template/spec/containers/0/env/0
				  path: /spec/template/spec/containers/0/env/-
				- op: replace
				  path: /spec/replicas
				  value: 5
				- op: replace
				  path: /spec/paused
				  value: true
				- op: remove
				  path: /metadata/labels/nothing
				"""));

		assertThat(patched).isEqualTo(yaml("""
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: ledger-api
				  namespace: payments
				  labels:
				    tier: backend
				  annotations:
				    example.com/owner: team-a
				    example.com/team: payments~core
				    replicas-before: 2
				spec:
				  replicas: 5
				  template:
				    spec:
				      containers:
				        - name: ledger
				          env:
				            - name: B
				              value: "2"
				            - name: C
				              value: "3"
				            - name: A
				              value: "1"
				"""));
		// replace needs the member to exist, as the RFC says (no spec.paused); the input is untouched
		assertThat(deployment).isEqualTo(yaml(DEPLOYMENT));
	}

	@Test
	void selectsByKindNamePatternGroupVersionNamespaceLabelsAndAnnotations() {
		Map<String, Object> deployment = yaml(DEPLOYMENT);

		assertThat(Json6902.selects(Map.of(), deployment)).isTrue();
		assertThat(Json6902.selects(Map.of("kind", "Deployment", "name", "ledger-.*"), deployment)).isTrue();
		assertThat(Json6902.selects(Map.of("name", "ledger"), deployment)).as("a name is matched whole").isFalse();
		assertThat(Json6902.selects(Map.of("group", "apps", "version", "v1", "namespace", "payments"), deployment))
			.isTrue();
		assertThat(Json6902.selects(Map.of("group", "batch"), deployment)).isFalse();
		assertThat(Json6902.selects(Map.of("kind", "StatefulSet"), deployment)).isFalse();
		assertThat(Json6902.selects(Map.of("labelSelector", "tier=backend"), deployment)).isTrue();
		assertThat(Json6902.selects(Map.of("labelSelector", "tier!=backend"), deployment)).isFalse();
		assertThat(Json6902.selects(Map.of("labelSelector", "tier,missing"), deployment)).isFalse();
		assertThat(Json6902.selects(Map.of("annotationSelector", "example.com/owner==team-a"), deployment)).isTrue();
		assertThat(Json6902.selects(Map.of("annotationSelector", "example.com/owner=team-b"), deployment)).isFalse();
	}

	@Test
	void skipsOperationsThatDoNotFitAndKeepsTheRest() {
		Map<String, Object> patched = Json6902.apply(yaml(DEPLOYMENT), List.of(
				Map.of("op", "replace", "path", "/spec/template/spec/containers/3/image", "value", "x"),
				Map.of("op", "add", "path", "/spec/missing/deeper", "value", 1),
				Map.of("op", "remove", "path", "no-leading-slash"),
				Map.of("op", "replace", "path", "/spec/replicas", "value", 9)));

		assertThat(Json6902Tests.<Map<String, Object>>yaml(DEPLOYMENT)).isNotEqualTo(patched);
		assertThat(((Map<?, ?>) patched.get("spec")).get("replicas")).isEqualTo(9);
		assertThat(((Map<?, ?>) patched.get("spec")).containsKey("missing")).isFalse();
	}

}
