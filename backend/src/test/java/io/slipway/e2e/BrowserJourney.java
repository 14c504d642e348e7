package io.slipway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every browser journey shares: Debian's chromium driven by Playwright (one Playwright per
 * class, since each start unpacks its driver), a fresh browser context per test, and screenshots
 * into {@code slipway.screenshots.dir} when {@code -Dslipway.screenshots=true}.
 */
abstract class BrowserJourney {

	private static Playwright playwright;

	private static Browser browser;

	@LocalServerPort
	int port;

	private BrowserContext context;

	Page page;

	@BeforeAll
	static void launchBrowser() {
		playwright = Playwright.create();
		browser = playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
				.setHeadless(true)
				.setArgs(List.of("--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync")));
	}

	@AfterAll
	static void closeBrowser() {
		if (playwright != null) {
			playwright.close();
		}
	}

	@BeforeEach
	void openContext() {
		this.context = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + this.port)
			.setViewportSize(1440, 900));
		this.page = this.context.newPage();
	}

	@AfterEach
	void closeContext() {
		this.context.close();
	}

	void screenshot(String name) {
		screenshot(name, true);
	}

	/** Pages that end in a long diff are taken as the browser window shows them, not whole. */
	void screenshot(String name, boolean fullPage) {
		if (!Boolean.getBoolean("slipway.screenshots")) {
			return;
		}
		// the page's height is measured first: let the stylesheets finish loading
		this.page.waitForLoadState(LoadState.LOAD);
		Path directory = Path.of(System.getProperty("slipway.screenshots.dir", "target/screenshots"));
		this.page
			.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name + ".png")).setFullPage(fullPage));
	}

	/**
	 * Gives the embedded infra repository ({@code <dataDir>/infra.git}) the fixture layout in
	 * {@code /e2e/infra-repository} as one commit on main, before the application starts, so a
	 * journey begins with services in Git.
	 */
	static void seedInfraRepository(Path dataDir, Path workTree, String message, PersonIdent author)
			throws GitAPIException, IOException, URISyntaxException {
		Path fixture = Path.of(BrowserJourney.class.getResource("/e2e/infra-repository").toURI());
		try (Stream<Path> files = Files.walk(fixture)) {
			files.filter(Files::isRegularFile).forEach((file) -> copy(file, workTree.resolve(fixture.relativize(file))));
		}
		Path infraRepository = dataDir.resolve("infra.git");
		Git.init().setBare(true).setInitialBranch("main").setDirectory(infraRepository.toFile()).call().close();
		try (Git git = Git.init().setInitialBranch("main").setDirectory(workTree.toFile()).call()) {
			git.add().addFilepattern(".").call();
			git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call();
			for (PushResult result : git.push()
				.setRemote(infraRepository.toUri().toString())
				.setRefSpecs(new RefSpec("main:main"))
				.call()) {
				for (RemoteRefUpdate update : result.getRemoteUpdates()) {
					if (update.getStatus() != RemoteRefUpdate.Status.OK) {
						throw new IllegalStateException("seeding the infra repository failed: " + update.getStatus());
					}
				}
			}
		}
	}

	private static void copy(Path from, Path to) {
		try {
			Files.createDirectories(to.getParent());
			Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("error copying " + from + " to " + to, ex);
		}
	}

}
