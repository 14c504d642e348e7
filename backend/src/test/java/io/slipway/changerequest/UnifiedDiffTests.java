package io.slipway.changerequest;

import java.util.List;

import io.slipway.changerequest.UnifiedDiff.DiffLine;
import io.slipway.changerequest.UnifiedDiff.FileDiff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splitting git's unified diff into files and numbered lines for the detail page.
 */
class UnifiedDiffTests {

	@Test
	void splitsFilesAndNumbersTheLinesOfEachSide() {
		String diff = """
				diff --git a/services/shop/base/deployment.yaml b/services/shop/base/deployment.yaml
				index 3b18e51..a1c2f3d 100644
				--- a/services/shop/base/deployment.yaml
				+++ b/services/shop/base/deployment.yaml
				@@ -4,3 +4,4 @@ metadata:
				 spec:
				-  replicas: 1
				+  replicas: 3
				+  revisionHistoryLimit: 5
				   template:
				diff --git a/services/shop/README.md b/services/shop/README.md
				new file mode 100644
				index 0000000..5f1c0aa
				--- /dev/null
				+++ b/services/shop/README.md
				@@ -0,0 +1 @@
				+# shop
				\\ No newline at end of file
				diff --git a/old.txt b/old.txt
				deleted file mode 100644
				index 5f1c0aa..0000000
				--- a/old.txt
				+++ /dev/null
				@@ -1,2 +0,0 @@
				-first
				---- looks like a header, is a removed line
				""";

		List<FileDiff> files = UnifiedDiff.parse(diff);

		assertThat(files).extracting(FileDiff::path)
			.containsExactly("services/shop/base/deployment.yaml", "services/shop/README.md", "old.txt");
		assertThat(files).extracting(FileDiff::change)
			.containsExactly(FileDiff.Change.MODIFIED, FileDiff.Change.ADDED, FileDiff.Change.DELETED);
		FileDiff modified = files.get(0);
		assertThat(modified.additions()).isEqualTo(2);
		assertThat(modified.deletions()).isEqualTo(1);
		assertThat(modified.lines()).containsExactly(
				new DiffLine(DiffLine.Kind.HUNK, null, null, "@@ -4,3 +4,4 @@ metadata:"),
				new DiffLine(DiffLine.Kind.CONTEXT, 4, 4, "spec:"),
				new DiffLine(DiffLine.Kind.REMOVED, 5, null, "  replicas: 1"),
				new DiffLine(DiffLine.Kind.ADDED, null, 5, "  replicas: 3"),
				new DiffLine(DiffLine.Kind.ADDED, null, 6, "  revisionHistoryLimit: 5"),
				new DiffLine(DiffLine.Kind.CONTEXT, 6, 7, "  template:"));
		assertThat(files.get(1).lines()).extracting(DiffLine::kind)
			.containsExactly(DiffLine.Kind.HUNK, DiffLine.Kind.ADDED, DiffLine.Kind.NOTE);
		assertThat(files.get(2).deletions()).isEqualTo(2);
		assertThat(files.get(2).lines().get(2).text()).isEqualTo("--- looks like a header, is a removed line");
		assertThat(modified.lines()).extracting(DiffLine::sign).containsExactly(" ", " ", "-", "+", "+", " ");
	}

	@Test
	void readsBinaryFilesAndQuotedNames() {
		String diff = """
				diff --git a/logo.png b/logo.png
				new file mode 100644
				index 0000000..e69de29
				Binary files /dev/null and b/logo.png differ
				diff --git "a/caf\\303\\251.yaml" "b/caf\\303\\251.yaml"
				new file mode 100644
				index 0000000..1b2c3d4
				--- /dev/null
				+++ "b/caf\\303\\251.yaml"
				@@ -0,0 +1 @@
				+menu: espresso
				""";

		List<FileDiff> files = UnifiedDiff.parse(diff);

		assertThat(files).extracting(FileDiff::path).containsExactly("logo.png", "café.yaml");
		assertThat(files.get(0).binary()).isTrue();
		assertThat(files.get(0).lines()).isEmpty();
		assertThat(files.get(1).additions()).isOne();
		assertThat(UnifiedDiff.parse("")).isEmpty();
	}

}
