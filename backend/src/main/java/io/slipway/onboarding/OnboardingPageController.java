package io.slipway.onboarding;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.slipway.forge.ForgeException;
import io.slipway.forge.ForgeUnavailableException;
import io.slipway.gitops.GitOpsException;
import io.slipway.onboarding.PreviewDiff.FileDiff;
import io.slipway.onboarding.detection.Detection;
import io.slipway.onboarding.detection.DetectionFailedException;
import io.slipway.onboarding.detection.Language;
import io.slipway.onboarding.detection.LanguageDetector;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import io.slipway.templates.Check;
import io.slipway.templates.RenderedFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /services/new}: the onboarding form, its preview and its submission, for developers.
 * <p>
 * The flow is post/redirect/get and works without JavaScript: the form posts to
 * {@code /services/new/preview}, which answers the preview page (or the form again with the
 * problems next to the fields); the preview carries the form as hidden fields and posts them to
 * {@code /services/new}, which opens the change request and redirects to it. With htmx the form
 * also checks each field as it changes ({@code /services/new/validate}), detects the language of
 * the source repository in place ({@code /services/new/detect}) and adds variable rows
 * ({@code /services/new/rows}).
 * <p>
 * Form values go through the API's own reader and validator (see {@link ServiceForm}), so the page
 * refuses exactly what {@code POST /api/v1/services} refuses.
 */
@Controller
class OnboardingPageController {

	static final String VIEW_FORM = "onboarding/new";

	static final String VIEW_PREVIEW = "onboarding/preview";

	static final String FRAGMENT_FIELD_ERRORS = "onboarding/fragments :: fieldErrors";

	static final String FRAGMENT_DETECTION = "onboarding/fragments :: detectionResult";

	static final String FRAGMENT_ROW = "onboarding/fragments :: addedRow";

	/** Files with more lines than this start folded in the preview. */
	static final int FOLD_LINES = 120;

	private static final Logger logger = LoggerFactory.getLogger(OnboardingPageController.class);

	private final OnboardingManagement onboarding;

	private final ServiceSpecReader reader;

	private final ServiceSpecValidator validator;

	private final LanguageDetector detector;

	private final Environments environments;

	private final ServiceSpecValidationProperties properties;

	OnboardingPageController(OnboardingManagement onboarding, ServiceSpecReader reader, ServiceSpecValidator validator,
			LanguageDetector detector, Environments environments, ServiceSpecValidationProperties properties) {
		this.onboarding = onboarding;
		this.reader = reader;
		this.validator = validator;
		this.detector = detector;
		this.environments = environments;
		this.properties = properties;
	}

	@GetMapping("/services/new")
	String initCreationForm(Model model) {
		return form(ServiceForm.defaults(environmentNames()), List.of(), model);
	}

	/**
	 * Back from the preview to change something, or (without JavaScript) one more variable row:
	 * the form again with every value as it was.
	 */
	@PostMapping("/services/new/edit")
	Mono<String> processEdit(ServerWebExchange exchange, Model model) {
		return exchange.getFormData().map((submitted) -> {
			ServiceForm form = ServiceForm.of(submitted, environmentNames());
			String addRow = submitted.getFirst("addRow");
			if (addRow != null) {
				form = form.withExtraRow(addRow);
			}
			return form(form, List.of(), model);
		});
	}

	@PostMapping("/services/new/preview")
	Mono<String> processPreview(ServerWebExchange exchange, Principal caller, Model model) {
		return exchange.getFormData().flatMap((submitted) -> {
			ServiceForm form = ServiceForm.of(submitted, environmentNames());
			Read read = read(form);
			if (read.spec() == null) {
				return Mono.just(form(form, read.errors(), model));
			}
			return this.onboarding.preview(read.spec(), caller.getName()).map((preview) -> {
				if (!preview.errors().isEmpty()) {
					return form(form, preview.errors(), model);
				}
				model.addAttribute("form", form);
				model.addAttribute("preview", PreviewView.of(read.spec(), preview));
				return VIEW_PREVIEW;
			}).onErrorResume(GitOpsException.class, (ex) -> Mono.just(unavailable(exchange, form, ex, model)));
		});
	}

	@PostMapping("/services/new")
	Mono<String> processCreationForm(ServerWebExchange exchange, Principal caller, Model model) {
		return exchange.getFormData().flatMap((submitted) -> {
			ServiceForm form = ServiceForm.of(submitted, environmentNames());
			Read read = read(form);
			if (read.spec() == null) {
				return Mono.just(form(form, read.errors(), model));
			}
			return this.onboarding.onboard(read.spec(), caller.getName())
				.flatMap((result) -> redirectTo(result, exchange))
				.onErrorResume(ServiceExistsException.class, (ex) -> {
					exchange.getResponse().setStatusCode(HttpStatus.CONFLICT);
					return Mono.just(form(form, ex.errors(), model));
				})
				.onErrorResume(OnboardingRejectedException.class,
						(ex) -> Mono.just(form(form, ex.errors(), model)))
				.onErrorResume(ChecksFailedException.class, (ex) -> {
					model.addAttribute("failedChecks", ex.failed());
					return Mono.just(form(form, List.of(), model));
				})
				.onErrorResume(GitOpsException.class, (ex) -> Mono.just(unavailable(exchange, form, ex, model)))
				// the commit was withdrawn; the forge's words say what to fix before submitting again
				.onErrorResume(ForgeException.class, (ex) -> Mono.just(unavailable(exchange, form, ex, model)));
		});
	}

	private Mono<String> redirectTo(OnboardingResult result, ServerWebExchange exchange) {
		if (result.changeRequest() != null) {
			// Slipway's page of it, which links to the forge's pull request when there is one
			return Mono.just("redirect:/change-requests/" + result.changeRequest().id());
		}
		// direct mode: the commit is on the main branch already; say so where the service now shows
		OnboardedToMain notice = new OnboardedToMain(result.name(), result.branch(), abbreviate(result.commit()));
		return exchange.getSession()
			.doOnNext(notice::keepIn)
			.thenReturn("redirect:/services");
	}

	/**
	 * Inline validation (htmx): the error message of the field that changed, and of fields related
	 * to it (the other bound of a range), as out-of-band swaps; messages of fields that became
	 * valid are cleared, other fields' new problems wait until the developer gets to them.
	 */
	@PostMapping(path = "/services/new/validate", headers = "HX-Request=true")
	Mono<String> validateField(@RequestHeader(name = "HX-Trigger-Name", required = false) @Nullable String trigger,
			ServerWebExchange exchange, Model model) {
		return exchange.getFormData().map((submitted) -> {
			ServiceForm form = ServiceForm.of(submitted, environmentNames());
			Map<String, List<String>> errors = errorsByInput(form, read(form).errors());
			List<ErrorSlot> slots = new ArrayList<>();
			for (String input : form.inputNames()) {
				List<String> messages = errors.getOrDefault(input, List.of());
				if (trigger != null && related(input, trigger)) {
					slots.add(new ErrorSlot(input, messages));
				}
				else if (messages.isEmpty()) {
					slots.add(new ErrorSlot(input, List.of()));
				}
			}
			model.addAttribute("slots", slots);
			return FRAGMENT_FIELD_ERRORS;
		});
	}

	/**
	 * Language detection: reads the source repository's marker files and fills in the proposed
	 * port and probe paths. htmx gets the result and the updated fields; without JavaScript the
	 * whole form comes back with them.
	 */
	@PostMapping("/services/new/detect")
	Mono<String> processDetection(@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
			ServerWebExchange exchange, Model model) {
		return exchange.getFormData().flatMap((submitted) -> {
			ServiceForm submittedForm = ServiceForm.of(submitted, environmentNames());
			String url = submittedForm.get(ServiceForm.SOURCE_REPOSITORY).strip();
			Mono<DetectionView> detected = url.isEmpty() ? Mono.just(DetectionView.withoutUrl())
					: this.detector.detect(url)
						.map(DetectionView::of)
						.onErrorResume(DetectionFailedException.class,
								(ex) -> Mono.just(DetectionView.failed(ex.getMessage())));
			return detected.map((detection) -> {
				ServiceForm form = submittedForm.with(detection.proposals());
				model.addAttribute("detection", detection);
				model.addAttribute("updated", List.copyOf(detection.proposals().keySet()));
				if (htmx != null) {
					model.addAttribute("form", form);
					model.addAttribute("errors", Map.of());
					model.addAttribute("oob", true);
					model.addAttribute("languages", ServiceSpec.LANGUAGES);
					return FRAGMENT_DETECTION;
				}
				return form(form, List.of(), model);
			});
		});
	}

	/** One more blank variable row (htmx); without JavaScript the form posts to {@code /services/new/edit}. */
	@GetMapping(path = "/services/new/rows", headers = "HX-Request=true")
	String addRow(@RequestParam String table, @RequestParam int index, Model model) {
		if (!table.equals("env") && !table.equals("secretEnv") || index < 0 || index >= ServiceForm.MAX_ROWS) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"rows are added to env or secretEnv, at most " + ServiceForm.MAX_ROWS);
		}
		model.addAttribute("form", ServiceForm.defaults(environmentNames()));
		model.addAttribute("errors", Map.of());
		model.addAttribute("table", table);
		model.addAttribute("index", index);
		model.addAttribute("next", index + 1);
		return FRAGMENT_ROW;
	}

	private String form(ServiceForm form, List<FieldError> errors, Model model) {
		Map<String, List<String>> byInput = errorsByInput(form, errors);
		List<FieldError> general = errors.stream().filter((error) -> form.inputName(error.field()).isEmpty()).toList();
		model.addAttribute("form", form);
		model.addAttribute("errors", byInput);
		model.addAttribute("generalErrors", general);
		model.addAttribute("errorSummary", summary(form, errors));
		model.addAttribute("components", ServiceSpecValidator.COMPONENTS);
		model.addAttribute("dependencies", ServiceSpecValidator.DEPENDENCIES);
		model.addAttribute("templatePacks", this.properties.templatePacks());
		model.addAttribute("languages", ServiceSpec.LANGUAGES);
		return VIEW_FORM;
	}

	private String unavailable(ServerWebExchange exchange, ServiceForm form, RuntimeException ex, Model model) {
		logger.warn("Onboarding {} could not be proposed: {}", form.serviceName(), ex.getMessage());
		exchange.getResponse()
			.setStatusCode((ex instanceof ForgeException && !(ex instanceof ForgeUnavailableException))
					? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE);
		model.addAttribute("unavailable", ex.getMessage());
		return form(form, List.of(), model);
	}

	/**
	 * The spec the form describes, or every reason the form, the reader and the validator refuse
	 * it: numbers that are not numbers first, then the validator's findings on every other field.
	 */
	private Read read(ServiceForm form) {
		List<FieldError> errors = new ArrayList<>(form.typeErrors());
		Set<String> flagged = new HashSet<>();
		errors.forEach((error) -> form.inputName(error.field()).ifPresent(flagged::add));
		try {
			ServiceSpec spec = this.reader.read(form.toJson());
			this.validator.validate(spec)
				.stream()
				// a number left out of the spec shows up again as missing: one message is enough
				.filter((error) -> form.inputName(error.field()).map((input) -> !flagged.contains(input)).orElse(true))
				.forEach(errors::add);
			return errors.isEmpty() ? new Read(spec, List.of()) : new Read(null, errors);
		}
		catch (SpecBindingException ex) {
			errors.addAll(ex.errors());
		}
		catch (SpecTooLargeException ex) {
			errors.add(new FieldError(FieldError.BODY,
					"is larger than " + ServiceSpecReader.MAX_BYTES / 1024 + " KiB; remove some variables"));
		}
		return new Read(null, errors);
	}

	private static Map<String, List<String>> errorsByInput(ServiceForm form, List<FieldError> errors) {
		Map<String, List<String>> byInput = new LinkedHashMap<>();
		for (FieldError error : errors) {
			form.inputName(error.field())
				.ifPresent((input) -> byInput.computeIfAbsent(input, (key) -> new ArrayList<>()).add(error.message()));
		}
		return byInput;
	}

	private static List<SummaryEntry> summary(ServiceForm form, List<FieldError> errors) {
		return errors.stream().map((error) -> {
			Optional<String> input = form.inputName(error.field());
			return new SummaryEntry(error.field(), error.message(), input.map((name) -> "#" + ServiceForm.id("f-", name))
				.orElse(null));
		}).toList();
	}

	/**
	 * Fields whose messages belong together: the same top-level field ({@code hpa.min} and
	 * {@code hpa.max}), the same variable row, the same environment.
	 */
	static boolean related(String input, String trigger) {
		return group(input).equals(group(trigger));
	}

	private static String group(String input) {
		String[] segments = input.split("\\.");
		if (segments[0].equals("environments") && segments.length > 1) {
			return segments[0] + "." + segments[1];
		}
		return segments[0];
	}

	private List<String> environmentNames() {
		return this.environments.all().stream().map(Environment::name).toList();
	}

	private static String abbreviate(String commit) {
		return commit.substring(0, Math.min(7, commit.length()));
	}

	/** A spec, or why there is none. */
	private record Read(@Nullable ServiceSpec spec, List<FieldError> errors) {
	}

	/**
	 * The error message element of one input, for an out-of-band swap.
	 *
	 * @param input the input's name
	 * @param messages its problems; none clears it
	 */
	record ErrorSlot(String input, List<String> messages) {

		public String id() {
			return ServiceForm.id("e-", this.input);
		}

	}

	/**
	 * One line of the list of problems above the form.
	 *
	 * @param field the spec field, as the API names it
	 * @param message what is wrong
	 * @param anchor the link to its input, or {@code null} when no input holds it
	 */
	record SummaryEntry(String field, String message, @Nullable String anchor) {
	}

	/**
	 * The result of a language detection as the form shows it.
	 *
	 * @param language the language's name, {@code null} when detection failed
	 * @param detected whether a language was recognised
	 * @param markers the marker files found
	 * @param port the proposed HTTP port
	 * @param healthPath the proposed liveness path
	 * @param readyPath the proposed readiness path
	 * @param dockerfile the proposed Dockerfile
	 * @param message what detection says about its result
	 * @param commit the commit read, abbreviated
	 * @param error why the repository could not be read
	 * @param missingUrl whether no URL was given
	 * @param specLanguage the language as the spec's {@code language} names it, {@code null} when
	 * none was recognised
	 */
	record DetectionView(@Nullable String language, boolean detected, List<String> markers, @Nullable Integer port,
			@Nullable String healthPath, @Nullable String readyPath, @Nullable String dockerfile,
			@Nullable String message, @Nullable String commit, @Nullable String error, boolean missingUrl,
			@Nullable String specLanguage) {

		static DetectionView of(Detection detection) {
			boolean detected = detection.language() != Language.UNKNOWN;
			return new DetectionView(detection.language().displayName(), detected, detection.markers(),
					detected ? detection.proposedPort() : null, detected ? detection.healthPath() : null,
					detected ? detection.readyPath() : null, detection.dockerfile(), detection.message(),
					(detection.commit() != null) ? abbreviate(detection.commit()) : null, null, false,
					detection.language().specName());
		}

		static DetectionView failed(String error) {
			return new DetectionView(null, false, List.of(), null, null, null, null, null, null, error, false, null);
		}

		static DetectionView withoutUrl() {
			return new DetectionView(null, false, List.of(), null, null, null, null, null, null, null, true, null);
		}

		/**
		 * The form values the detection proposes: the language (so the Dockerfile proposal is
		 * rendered), port and probe paths, when a language was found.
		 */
		Map<String, String> proposals() {
			Map<String, String> proposals = new LinkedHashMap<>();
			if (this.detected && this.specLanguage != null) {
				proposals.put("language", this.specLanguage);
			}
			if (this.detected && this.port != null) {
				proposals.put("ports.http", String.valueOf(this.port));
			}
			if (this.detected && this.healthPath != null) {
				proposals.put("healthPath", this.healthPath);
			}
			if (this.detected && this.readyPath != null) {
				proposals.put("readyPath", this.readyPath);
			}
			return proposals;
		}

	}

	/**
	 * Everything the preview page shows.
	 *
	 * @param name the service
	 * @param files every rendered file
	 * @param diff the diff against the main branch, per file
	 * @param additions lines the diff adds
	 * @param deletions lines it removes
	 * @param checks the platform checks, failures first
	 * @param passed checks that passed
	 * @param failed checks that failed
	 * @param warnings checks that warn
	 * @param submittable whether creating the change request would be accepted
	 */
	record PreviewView(String name, List<FileView> files, List<FileDiff> diff, int additions, int deletions,
			List<Check> checks, long passed, long failed, long warnings, boolean submittable) {

		static PreviewView of(ServiceSpec spec, Preview preview) {
			List<FileDiff> diff = PreviewDiff.parse(preview.diff());
			List<Check> checks = new ArrayList<>(preview.checks());
			// failures first, then warnings, each group in the pack's order
			checks.sort(Comparator.comparingInt((Check check) -> switch (check.status()) {
				case FAIL -> 0;
				case WARN -> 1;
				case PASS -> 2;
			}));
			return new PreviewView(spec.name(), preview.files().stream().map(FileView::of).toList(), diff,
					diff.stream().mapToInt(FileDiff::additions).sum(), diff.stream().mapToInt(FileDiff::deletions).sum(),
					checks, count(checks, Check.Status.PASS), count(checks, Check.Status.FAIL),
					count(checks, Check.Status.WARN), preview.submittable());
		}

		private static long count(List<Check> checks, Check.Status status) {
			return checks.stream().filter((check) -> check.status() == status).count();
		}

		/** Whether a diff file's lines start folded away. */
		public boolean folded(FileDiff file) {
			return file.lines().size() > FOLD_LINES;
		}

	}

	/**
	 * One rendered file.
	 *
	 * @param path from the repository root
	 * @param content as it will be committed
	 * @param lines how many lines it has
	 */
	record FileView(String path, String content, long lines) {

		static FileView of(RenderedFile file) {
			return new FileView(file.path(), file.content(), file.content().lines().count());
		}

	}

}
