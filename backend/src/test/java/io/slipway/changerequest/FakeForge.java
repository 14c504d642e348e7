package io.slipway.changerequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A forge's pull requests behind a stub server: it answers with the forge tests' fixtures (shaped
 * as each forge documents its REST API, see {@code src/test/resources/forge/}), numbered and
 * pointed at the branch asked for, and remembers each pull request's state, so tests can merge or
 * close one "in the forge's UI" and see Slipway follow. Every request is kept, to count them.
 */
abstract class FakeForge extends Dispatcher {

	private static final JsonMapper json = JsonMapper.shared();

	/** What a pull request's state is, in the forge's fixture names. */
	enum State {

		OPEN, MERGED, CLOSED

	}

	private final AtomicInteger numbers = new AtomicInteger(100);

	private final Map<Integer, State> states = new ConcurrentHashMap<>();

	private final Map<Integer, String> branches = new ConcurrentHashMap<>();

	private final Map<Integer, String> descriptions = new ConcurrentHashMap<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final AtomicReference<MockResponse> nextRefusal = new AtomicReference<>();

	/** The forge's name, as Slipway shows it. */
	abstract String name();

	/** The page of pull request {@code number} on the forge. */
	abstract String webUrl(int number);

	/** The forge's answer to a merge that it refuses as not mergeable, in its documented shape. */
	abstract MockResponse notMergeable();

	/** The words of {@link #notMergeable()} that Slipway must pass on. */
	abstract String notMergeableMessage();

	/** Whether a request is the merge of pull request {@code number}. */
	abstract boolean isMerge(RecordedRequest request, int number);

	/** Whether a request is the close of pull request {@code number}. */
	abstract boolean isClose(RecordedRequest request, int number);

	/** Whether a request reads a pull request's state. */
	abstract boolean isRead(RecordedRequest request);

	abstract MockResponse answer(String method, String path, JsonNode body);

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		this.requests.add(request);
		String path = request.getTarget().replaceFirst("\\?.*", "");
		JsonNode body = (request.getBody() != null && request.getBody().size() > 0)
				? json.readTree(request.getBody().utf8()) : json.createObjectNode();
		try {
			return answer(request.getMethod(), path, body);
		}
		catch (RuntimeException ex) {
			return new MockResponse.Builder().code(500).body("fake forge failed: " + ex).build();
		}
	}

	/** The pull request number the branch was opened as. */
	int numberOf(String branch) {
		return this.branches.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(branch))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no pull request for " + branch));
	}

	/** Merges or closes a pull request as someone in the forge's UI would. */
	void setState(int number, State state) {
		this.states.put(number, state);
	}

	/** The description pull request {@code number} was last given by an update, if any. */
	String description(int number) {
		return this.descriptions.get(number);
	}

	/** The next merge or description update is answered 503, as a forge having a bad minute. */
	void failNext() {
		this.nextRefusal.set(new MockResponse.Builder().code(503).body("{\"message\": \"Service Unavailable\"}").build());
	}

	/** The next merge is refused as not mergeable. */
	void refuseNextMerge() {
		this.nextRefusal.set(notMergeable());
	}

	long count(Predicate<RecordedRequest> which) {
		return this.requests.stream().filter(which).count();
	}

	long reads() {
		return count(this::isRead);
	}

	// --- for the forges' answers

	void described(int number, String description) {
		this.descriptions.put(number, description);
	}

	int opened(String branch) {
		int number = this.numbers.incrementAndGet();
		this.branches.put(number, branch);
		this.states.put(number, State.OPEN);
		return number;
	}

	State state(int number) {
		return this.states.getOrDefault(number, State.OPEN);
	}

	String branch(int number) {
		return this.branches.getOrDefault(number, "feat/unknown");
	}

	MockResponse refusalOrElse(Supplier<MockResponse> merge) {
		MockResponse refusal = this.nextRefusal.getAndSet(null);
		return (refusal != null) ? refusal : merge.get();
	}

	static MockResponse fixture(int status, String path, Consumer<ObjectNode> edit) {
		ObjectNode node = (ObjectNode) json.readTree(read(path));
		edit.accept(node);
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json; charset=utf-8")
			.body(json.writeValueAsString(node))
			.build();
	}

	static MockResponse fixture(int status, String path) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json; charset=utf-8")
			.body(read(path))
			.build();
	}

	static MockResponse notFound(String path) {
		return new MockResponse.Builder().code(404).body("no fake for " + path).build();
	}

	static String read(String path) {
		try (InputStream in = FakeForge.class.getResourceAsStream("/forge/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture forge/" + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Integer match(Pattern pattern, String path) {
		Matcher matcher = pattern.matcher(path);
		return matcher.matches() ? Integer.valueOf(matcher.group(1)) : null;
	}

	/**
	 * GitHub's REST API (2022-11-28) for {@code octo-org/infra}.
	 */
	static final class GitHub extends FakeForge {

		private static final Pattern PULL = Pattern.compile("/repos/octo-org/infra/pulls/(\\d+)");

		private static final Pattern MERGE = Pattern.compile("/repos/octo-org/infra/pulls/(\\d+)/merge");

		private static final Pattern LABELS = Pattern.compile("/repos/octo-org/infra/issues/(\\d+)/labels");

		@Override
		String name() {
			return "GitHub";
		}

		@Override
		String webUrl(int number) {
			return "https://github.com/octo-org/infra/pull/" + number;
		}

		@Override
		MockResponse notMergeable() {
			return fixture(405, "github/error-405-not-mergeable.json");
		}

		@Override
		String notMergeableMessage() {
			return "Pull Request is not mergeable";
		}

		@Override
		boolean isMerge(RecordedRequest request, int number) {
			return request.getMethod().equals("PUT")
					&& request.getTarget().equals("/repos/octo-org/infra/pulls/" + number + "/merge");
		}

		@Override
		boolean isClose(RecordedRequest request, int number) {
			return request.getMethod().equals("PATCH")
					&& request.getTarget().equals("/repos/octo-org/infra/pulls/" + number);
		}

		@Override
		boolean isRead(RecordedRequest request) {
			return request.getMethod().equals("GET") && PULL.matcher(request.getTarget()).matches();
		}

		@Override
		MockResponse answer(String method, String path, JsonNode body) {
			if (method.equals("POST") && path.equals("/repos/octo-org/infra/pulls")) {
				return pull(201, opened(body.get("head").asString()));
			}
			if (method.equals("POST") && match(LABELS, path) != null) {
				return fixture(200, "github/labels-added.json");
			}
			Integer merge = match(MERGE, path);
			if (method.equals("PUT") && merge != null) {
				return refusalOrElse(() -> {
					setState(merge, State.MERGED);
					return fixture(200, "github/merged.json");
				});
			}
			Integer number = match(PULL, path);
			if (number != null && method.equals("GET")) {
				return pull(200, number);
			}
			if (number != null && method.equals("PATCH") && body.has("body")) {
				return refusalOrElse(() -> {
					described(number, body.get("body").asString());
					return pull(200, number);
				});
			}
			if (number != null && method.equals("PATCH")) {
				setState(number, State.CLOSED);
				return pull(200, number);
			}
			return notFound(path);
		}

		private MockResponse pull(int status, int number) {
			String fixture = switch (state(number)) {
				case OPEN -> "github/pull-open.json";
				case MERGED -> "github/pull-merged.json";
				case CLOSED -> "github/pull-closed.json";
			};
			return fixture(status, fixture, (node) -> {
				node.put("number", number);
				node.put("html_url", webUrl(number));
				((ObjectNode) node.get("head")).put("ref", branch(number));
			});
		}

	}

	/**
	 * GitLab's REST API v4 for the project {@code platform/infra}, addressed by its encoded path.
	 */
	static final class GitLab extends FakeForge {

		private static final String PROJECT = "/projects/platform%2Finfra/merge_requests";

		private static final Pattern REQUEST = Pattern.compile(Pattern.quote(PROJECT) + "/(\\d+)");

		private static final Pattern MERGE = Pattern.compile(Pattern.quote(PROJECT) + "/(\\d+)/merge");

		@Override
		String name() {
			return "GitLab";
		}

		@Override
		String webUrl(int number) {
			return "https://gitlab.example.com/platform/infra/-/merge_requests/" + number;
		}

		@Override
		MockResponse notMergeable() {
			return fixture(406, "gitlab/error-406-cannot-be-merged.json");
		}

		@Override
		String notMergeableMessage() {
			return "Branch cannot be merged";
		}

		@Override
		boolean isMerge(RecordedRequest request, int number) {
			return request.getMethod().equals("PUT") && request.getTarget().equals(PROJECT + "/" + number + "/merge");
		}

		@Override
		boolean isClose(RecordedRequest request, int number) {
			return request.getMethod().equals("PUT") && request.getTarget().equals(PROJECT + "/" + number);
		}

		@Override
		boolean isRead(RecordedRequest request) {
			return request.getMethod().equals("GET") && REQUEST.matcher(request.getTarget()).matches();
		}

		@Override
		MockResponse answer(String method, String path, JsonNode body) {
			if (method.equals("POST") && path.equals(PROJECT)) {
				return mergeRequest(201, opened(body.get("source_branch").asString()));
			}
			Integer merge = match(MERGE, path);
			if (method.equals("PUT") && merge != null) {
				return refusalOrElse(() -> {
					setState(merge, State.MERGED);
					return mergeRequest(200, merge);
				});
			}
			Integer number = match(REQUEST, path);
			if (number != null && method.equals("GET")) {
				return mergeRequest(200, number);
			}
			if (number != null && method.equals("PUT") && body.has("description")) {
				return refusalOrElse(() -> {
					described(number, body.get("description").asString());
					return mergeRequest(200, number);
				});
			}
			if (number != null && method.equals("PUT") && "close".equals(body.path("state_event").asString())) {
				setState(number, State.CLOSED);
				return mergeRequest(200, number);
			}
			return notFound(path);
		}

		private MockResponse mergeRequest(int status, int number) {
			String fixture = switch (state(number)) {
				case OPEN -> "gitlab/merge-request-opened.json";
				case MERGED -> "gitlab/merge-request-merged.json";
				case CLOSED -> "gitlab/merge-request-closed.json";
			};
			return fixture(status, fixture, (node) -> {
				node.put("iid", number);
				node.put("web_url", webUrl(number));
				node.put("source_branch", branch(number));
			});
		}

	}

	/**
	 * Gitea's REST API v1 for {@code platform/infra}: merges answer with an empty body.
	 */
	static final class Gitea extends FakeForge {

		private static final Pattern PULL = Pattern.compile("/repos/platform/infra/pulls/(\\d+)");

		private static final Pattern MERGE = Pattern.compile("/repos/platform/infra/pulls/(\\d+)/merge");

		@Override
		String name() {
			return "Gitea";
		}

		@Override
		String webUrl(int number) {
			return "https://gitea.example.com/platform/infra/pulls/" + number;
		}

		@Override
		MockResponse notMergeable() {
			return fixture(405, "gitea/error-405-not-mergeable.json");
		}

		@Override
		String notMergeableMessage() {
			return "Please try again later";
		}

		@Override
		boolean isMerge(RecordedRequest request, int number) {
			return request.getMethod().equals("POST")
					&& request.getTarget().equals("/repos/platform/infra/pulls/" + number + "/merge");
		}

		@Override
		boolean isClose(RecordedRequest request, int number) {
			return request.getMethod().equals("PATCH")
					&& request.getTarget().equals("/repos/platform/infra/pulls/" + number);
		}

		@Override
		boolean isRead(RecordedRequest request) {
			return request.getMethod().equals("GET") && PULL.matcher(request.getTarget()).matches();
		}

		@Override
		MockResponse answer(String method, String path, JsonNode body) {
			if (method.equals("GET") && path.equals("/repos/platform/infra/labels")) {
				return new MockResponse.Builder().code(200)
					.setHeader("Content-Type", "application/json; charset=utf-8")
					.setHeader("X-Total-Count", "2")
					.body(read("gitea/labels.json"))
					.build();
			}
			if (method.equals("POST") && path.equals("/repos/platform/infra/pulls")) {
				return pull(201, opened(body.get("head").asString()));
			}
			Integer merge = match(MERGE, path);
			if (method.equals("POST") && merge != null) {
				return refusalOrElse(() -> {
					setState(merge, State.MERGED);
					return new MockResponse.Builder().code(200).build();
				});
			}
			Integer number = match(PULL, path);
			if (number != null && method.equals("GET")) {
				return pull(200, number);
			}
			if (number != null && method.equals("PATCH") && body.has("body")) {
				return refusalOrElse(() -> {
					described(number, body.get("body").asString());
					return pull(201, number);
				});
			}
			if (number != null && method.equals("PATCH")) {
				setState(number, State.CLOSED);
				return pull(201, number);
			}
			return notFound(path);
		}

		private MockResponse pull(int status, int number) {
			String fixture = switch (state(number)) {
				case OPEN -> "gitea/pull-open.json";
				case MERGED -> "gitea/pull-merged.json";
				case CLOSED -> "gitea/pull-closed.json";
			};
			return fixture(status, fixture, (node) -> {
				node.put("number", number);
				node.put("html_url", webUrl(number));
				((ObjectNode) node.get("head")).put("ref", branch(number));
			});
		}

	}

}
