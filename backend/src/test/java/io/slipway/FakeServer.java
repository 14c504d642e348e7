package io.slipway;

import java.util.concurrent.CountDownLatch;

/**
 * Stands in for the server JVM in {@link ServerLauncherTests}: announces its process id, says
 * when its shutdown hook ran (as Spring's graceful shutdown would), and either exits with the
 * code given as its argument or waits to be stopped.
 */
final class FakeServer {

	private FakeServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		String parentPid = System.getProperty(ServerLauncher.PARENT_PID);
		if (parentPid != null) {
			ServerLauncher.exitWithParent(Long.parseLong(parentPid));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("server stopped gracefully")));
		System.out.println("server pid " + ProcessHandle.current().pid());
		System.err.println("server writes to stderr");
		if (args.length > 0) {
			System.exit(Integer.parseInt(args[0]));
		}
		new CountDownLatch(1).await();
	}

}
