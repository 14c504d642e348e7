package io.slipway.gitops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Editing a hand-written kustomization by key path changes the one value and nothing else.
 */
class YamlKeyPathEditorTests {

	private static final String KUSTOMIZATION = """
			# Production overlay of payments: keep in sync with the runbook
			apiVersion: kustomize.config.k8s.io/v1beta1
			kind: Kustomization
			namespace: goapps-production

			resources:
			  - ../../base   # shared manifests

			images:
			  - name: ghcr.io/acme/sidecar
			    newTag: "2.0.1"
			  - name: ghcr.io/acme/payments
			    newTag: 1.4.0 # bumped by promotions
			    digest: ''
			patches:
			  - path: patches/replicas.yaml
			""";

	private static final String PATH = "images[name=ghcr.io/acme/payments].newTag";

	@Test
	void setChangesOnlyTheTargetValueKeepingCommentsOrderAndBlankLines() {
		String edited = YamlKeyPathEditor.set(KUSTOMIZATION, PATH, "1.5.0");

		assertThat(edited).isEqualTo(KUSTOMIZATION.replace("newTag: 1.4.0 #", "newTag: 1.5.0 #"));
	}

	@Test
	void aKeyWithDotsIsAddressedInQuotes() {
		String labelled = KUSTOMIZATION + """
				labels:
				  - pairs:
				      app.kubernetes.io/version: 1.4.0 # follows the tag
				    includeSelectors: false
				""";
		String path = "labels[0].pairs[\"app.kubernetes.io/version\"]";

		assertThat(YamlKeyPathEditor.get(labelled, path)).contains("1.4.0");
		assertThat(YamlKeyPathEditor.set(labelled, path, "1.5.0"))
			.isEqualTo(labelled.replace("version: 1.4.0 #", "version: 1.5.0 #"));
		assertThat(YamlKeyPathEditor.get(labelled, "labels[0].pairs.app")).isEmpty();
	}

	@Test
	void aQuotedValueKeepsItsQuotes() {
		String edited = YamlKeyPathEditor.set(KUSTOMIZATION, "images[name=ghcr.io/acme/sidecar].newTag", "2.1.0");

		assertThat(edited).isEqualTo(KUSTOMIZATION.replace("newTag: \"2.0.1\"", "newTag: \"2.1.0\""));
		assertThat(YamlKeyPathEditor.set(KUSTOMIZATION, "images[1].digest", "sha256:ab"))
			.contains("digest: 'sha256:ab'");
	}

	@Test
	void aPlainValueThatWouldReadBackAsANumberIsQuoted() {
		String edited = YamlKeyPathEditor.set(KUSTOMIZATION, PATH, "1.10");

		assertThat(edited).contains("newTag: '1.10' # bumped by promotions");
		assertThat(YamlKeyPathEditor.get(edited, PATH)).contains("1.10");
	}

	@Test
	void settingTheValueItAlreadyHoldsReturnsTheDocumentUnchanged() {
		assertThat(YamlKeyPathEditor.set(KUSTOMIZATION, PATH, "1.4.0")).isSameAs(KUSTOMIZATION);
	}

	@Test
	void getReadsByKeyIndexAndMatch() {
		assertThat(YamlKeyPathEditor.get(KUSTOMIZATION, PATH)).contains("1.4.0");
		assertThat(YamlKeyPathEditor.get(KUSTOMIZATION, "images[0].name")).contains("ghcr.io/acme/sidecar");
		assertThat(YamlKeyPathEditor.get(KUSTOMIZATION, "namespace")).contains("goapps-production");
		assertThat(YamlKeyPathEditor.get(KUSTOMIZATION, "images[name=ghcr.io/acme/other].newTag")).isEmpty();
		assertThat(YamlKeyPathEditor.get(KUSTOMIZATION, "images")).isEmpty();
	}

	@Test
	void aMissingKeyIsAnErrorNamingWhatIsMissingAndNothingIsAdded() {
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set(KUSTOMIZATION, "images[name=ghcr.io/acme/other].newTag", "1"))
			.withMessageContaining("has no item with name=ghcr.io/acme/other");
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set(KUSTOMIZATION, "images[name=ghcr.io/acme/payments].newName", "x"))
			.withMessageContaining("has no key 'newName'");
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set(KUSTOMIZATION, "images[7].newTag", "x"))
			.withMessageContaining("has no item 7");
	}

	@Test
	void aPathEndingAtAMappingOrBlockScalarOrAMalformedPathIsRefused() {
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set(KUSTOMIZATION, "images[0]", "x"))
			.withMessageContaining("not a scalar");
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set("note: |\n  line one\n", "note", "x"))
			.withMessageContaining("block scalar");
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set(KUSTOMIZATION, "images[name=x", "x"))
			.withMessageContaining("missing ']'");
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set("a: [unclosed", "a", "x"))
			.withMessageContaining("not a valid YAML document");
		assertThatExceptionOfType(YamlKeyPathException.class)
			.isThrownBy(() -> YamlKeyPathEditor.set(KUSTOMIZATION, PATH, "1.5.0\nkind: Secret"))
			.withMessageContaining("line breaks");
	}

	@Test
	void aValueThatLooksLikeYamlSyntaxCannotAddKeys() {
		String edited = YamlKeyPathEditor.set(KUSTOMIZATION, PATH, "x: y # z");

		assertThat(YamlKeyPathEditor.get(edited, PATH)).contains("x: y # z");
		assertThat(edited.lines().count()).isEqualTo(KUSTOMIZATION.lines().count());
	}

	@Test
	void unicodeBeforeTheValueDoesNotShiftTheEdit() {
		String yaml = "# café ☕ 𝄞\nimages:\n  - name: app\n    newTag: v1\n";

		assertThat(YamlKeyPathEditor.set(yaml, "images[name=app].newTag", "v2"))
			.isEqualTo("# café ☕ 𝄞\nimages:\n  - name: app\n    newTag: v2\n");
	}

}
