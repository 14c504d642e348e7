package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.slipway.platform.Environment;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePack;
import io.slipway.templates.TemplatePacks;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The infra repository the benchmarks run against: a bare repository, reached over {@code file://},
 * with one commit holding the seeded layout and {@code N} services rendered by the real
 * {@code goapps} pack for staging and production (14 files each), packed as a repository that has
 * lived a while would be. Services are named {@code svc-0000}, {@code svc-0001}, …; each declares
 * the image {@code ghcr.io/acme/<service>} at the tags {@link #imageTag} gives.
 *
 * @param url the repository's {@code file://} URL, without a trailing slash
 * @param services the services' names, in name order
 * @param files how many files the commit holds
 */
public record SeededInfraRepository(String url, List<String> services, int files) {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The environments the services are rendered for, as Slipway's defaults resolve them. */
	public static final List<String> ENVIRONMENTS = List.of("staging", "production");

	/**
	 * Creates the repository at {@code bare} (which must not exist yet) with {@code services}
	 * services.
	 */
	public static SeededInfraRepository create(Path bare, int services) throws Exception {
		String url = bare.toUri().toString().replaceAll("/$", "");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < services; i++) {
			names.add(serviceName(i));
		}
		Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
		TemplatePack pack = TemplatePacks.builtIn().get("goapps");
		try (Git git = Git.open(bare.toFile()); ObjectInserter inserter = git.getRepository().newObjectInserter()) {
			Repository repository = git.getRepository();
			DirCache index = DirCache.newInCore();
			DirCacheBuilder builder = index.builder();
			List<RenderedFile> all = new ArrayList<>();
			all.add(new RenderedFile("README.md", "# Infra repository\n"));
			all.add(new RenderedFile("argocd/projects/goapps.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\n"
					+ "metadata:\n  name: goapps\n  namespace: argocd\n"));
			all.add(new RenderedFile("argocd/apps/staging/.gitkeep", ""));
			all.add(new RenderedFile("argocd/apps/production/.gitkeep", ""));
			all.add(new RenderedFile("services/.gitkeep", ""));
			for (String name : names) {
				all.addAll(render(pack, name, url));
			}
			// DirCache wants its entries in Git's path order
			all.sort(Comparator.comparing(RenderedFile::path));
			for (RenderedFile file : all) {
				DirCacheEntry entry = new DirCacheEntry(file.path());
				entry.setFileMode(FileMode.REGULAR_FILE);
				entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.content().getBytes(StandardCharsets.UTF_8)));
				builder.add(entry);
			}
			builder.finish();
			ObjectId tree = index.writeTree(inserter);
			CommitBuilder commit = new CommitBuilder();
			PersonIdent author = new PersonIdent("Bench", "bench@localhost");
			commit.setAuthor(author);
			commit.setCommitter(author);
			commit.setMessage("chore: " + services + " services\n");
			commit.setTreeId(tree);
			ObjectId id = inserter.insert(commit);
			inserter.flush();
			RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
			update.setNewObjectId(id);
			update.setExpectedOldObjectId(ObjectId.zeroId());
			RefUpdate.Result result = update.update();
			if (result != RefUpdate.Result.NEW) {
				throw new IllegalStateException("could not create main in " + url + ": " + result);
			}
			// a repository that has lived a while is packed, not 14,000 loose objects
			git.gc().call();
			return new SeededInfraRepository(url, List.copyOf(names), all.size());
		}
	}

	public static String serviceName(int index) {
		return String.format(Locale.ROOT, "svc-%04d", index);
	}

	/**
	 * The tag a seeded service declares for an environment: production one patch release behind
	 * staging, varying between services so the matrix is not one repeated row.
	 */
	public static String imageTag(String service, String environment) {
		int patch = Math.floorMod(service.hashCode(), 10);
		return "production".equals(environment) ? "1.3." + patch : "1.4." + patch;
	}

	/** The image a seeded service declares, without a tag. */
	public static String image(String service) {
		return "ghcr.io/acme/" + service;
	}

	/** The environments as the onboarding of the seeded services saw them. */
	static List<Environment> environments() {
		return List.of(new Environment("staging", "goapps-staging", "goapps", 0, Duration.ZERO, List.of(), true),
				new Environment("production", "goapps-production", "goapps", 1, Duration.ofHours(24), List.of(), true));
	}

	/** A service spec as the onboarding API receives it, for a service of that name. */
	static byte[] specJson(String name) throws IOException {
		try (InputStream in = SeededInfraRepository.class.getResourceAsStream("/onboarding/api/payments.json")) {
			ObjectNode spec = (ObjectNode) json.readTree(in);
			spec.put("name", name);
			spec.put("image", image(name));
			for (String environment : ENVIRONMENTS) {
				((ObjectNode) spec.path("environments").path(environment)).put("imageTag", imageTag(name, environment));
			}
			return json.writeValueAsBytes(spec);
		}
	}

	/** The files the {@code goapps} pack renders for a service of that name. */
	static List<RenderedFile> render(TemplatePack pack, String name, String url) throws IOException {
		ServiceSpec spec = new ServiceSpecReader().read(specJson(name));
		return pack.render(ServiceValues.of(spec, environments(), ServiceValues.platform(url)));
	}

}
