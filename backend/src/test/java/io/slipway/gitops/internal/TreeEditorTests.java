package io.slipway.gitops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.slipway.gitops.ChangeConflictException;
import io.slipway.gitops.FileChange;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tree editor rebuilds only the trees on edited paths; the trees it writes must be exactly
 * the ones Git (here: JGit's index, written whole) would write for the same files, in Git's entry
 * order, with emptied directories gone and modes kept.
 */
class TreeEditorTests {

	@TempDir
	Path directory;

	private Repository repository;

	private ObjectInserter inserter;

	private ObjectReader reader;

	@BeforeEach
	void open() throws IOException {
		this.repository = FileRepositoryBuilder.create(this.directory.resolve("repo.git").toFile());
		this.repository.create(true);
		this.inserter = this.repository.newObjectInserter();
		this.reader = this.inserter.newReader();
	}

	@AfterEach
	void close() {
		this.reader.close();
		this.inserter.close();
		this.repository.close();
	}

	@Test
	void writesTheTreeGitWouldWriteForTheSameFiles() throws IOException {
		Map<String, String> base = new LinkedHashMap<>();
		// names whose order differs between plain string order and Git's (a directory sorts as "name/")
		base.put("a-b/x.yaml", "1\n");
		base.put("a.b", "2\n");
		base.put("a/x.yaml", "3\n");
		base.put("a0", "4\n");
		base.put("services/billing/base/deployment.yaml", "5\n");
		base.put("services/old/only.yaml", "6\n");
		base.put("run.sh", "#!/bin/sh\n");
		ObjectId baseTree = tree(base, "run.sh");
		TreeEditor editor = new TreeEditor(this.reader, this.inserter, baseTree);

		editor.apply(List.of(new FileChange.Create("a/y.yaml", "7\n"), new FileChange.Create("a.a/z", "8\n"),
				new FileChange.Put("run.sh", "#!/bin/sh\necho\n"),
				new FileChange.Update("services/billing/base/deployment.yaml", (text) -> text + "more\n"),
				new FileChange.Delete("services/old/only.yaml"),
				new FileChange.Create("services/new/overlays/staging/kustomization.yaml", "9\n"),
				new FileChange.Create("services/new/tmp.yaml", "x\n"), new FileChange.Delete("services/new/tmp.yaml")));

		Map<String, String> expected = new LinkedHashMap<>(base);
		expected.put("a/y.yaml", "7\n");
		expected.put("a.a/z", "8\n");
		expected.put("run.sh", "#!/bin/sh\necho\n");
		expected.put("services/billing/base/deployment.yaml", "5\nmore\n");
		expected.remove("services/old/only.yaml");
		expected.put("services/new/overlays/staging/kustomization.yaml", "9\n");
		assertThat(editor.writeTree()).isEqualTo(tree(expected, "run.sh"));
		assertThat(editor.changedPaths()).containsExactly("a/y.yaml", "a.a/z", "run.sh",
				"services/billing/base/deployment.yaml", "services/old/only.yaml",
				"services/new/overlays/staging/kustomization.yaml");
	}

	@Test
	void leavesTheTreeAsItWasWhenNothingChanges() throws IOException {
		ObjectId baseTree = tree(Map.of("README.md", "# infra\n"));
		TreeEditor editor = new TreeEditor(this.reader, this.inserter, baseTree);

		editor.apply(List.of(new FileChange.Put("README.md", "# infra\n"), new FileChange.Create("README.md", "# infra\n")));

		assertThat(editor.writeTree()).isEqualTo(baseTree);
		assertThat(editor.changedPaths()).isEmpty();
	}

	@Test
	void startsAnEmptyRepository() throws IOException {
		TreeEditor editor = new TreeEditor(this.reader, this.inserter, null);

		editor.apply(List.of(new FileChange.Create("services/.gitkeep", "")));

		assertThat(editor.writeTree()).isEqualTo(tree(Map.of("services/.gitkeep", "")));
	}

	@Test
	void refusesAFileWhereADirectoryIsAndTheOtherWayRound() throws IOException {
		ObjectId baseTree = tree(Map.of("services/billing/base.yaml", "1\n", "README.md", "# infra\n"));
		TreeEditor editor = new TreeEditor(this.reader, this.inserter, baseTree);

		assertThatThrownBy(() -> editor.apply(List.of(new FileChange.Create("services/billing", "x\n"))))
			.isInstanceOf(ChangeConflictException.class)
			.hasMessageContaining("a directory of that name exists");
		assertThatThrownBy(() -> editor.apply(List.of(new FileChange.Create("README.md/nested", "x\n"))))
			.isInstanceOf(ChangeConflictException.class)
			.hasMessageContaining("README.md is a file");
		assertThatThrownBy(() -> editor.apply(List.of(new FileChange.Update("services", (text) -> text))))
			.isInstanceOf(ChangeConflictException.class)
			.hasMessageContaining("does not exist");
		// once its files are deleted, the name is free
		editor.apply(List.of(new FileChange.Delete("services/billing/base.yaml"),
				new FileChange.Create("services/billing", "now a file\n")));
		assertThat(editor.writeTree())
			.isEqualTo(tree(Map.of("services/billing", "now a file\n", "README.md", "# infra\n")));
	}

	/** The tree JGit's index writes for these files (the executable ones given by path). */
	private ObjectId tree(Map<String, String> files, String... executable) throws IOException {
		DirCache index = DirCache.newInCore();
		DirCacheBuilder builder = index.builder();
		for (Map.Entry<String, String> file : files.entrySet()) {
			DirCacheEntry entry = new DirCacheEntry(file.getKey());
			entry.setFileMode(List.of(executable).contains(file.getKey()) ? FileMode.EXECUTABLE_FILE
					: FileMode.REGULAR_FILE);
			entry.setObjectId(this.inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
			builder.add(entry);
		}
		builder.finish();
		return index.writeTree(this.inserter);
	}

}
