package io.slipway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for {@code java -jar slipway.jar} in {@link ServerLauncherTests}: launches
 * {@link FakeServer} the way {@link ControlPlaneApplication} launches the server JVM.
 */
final class FakeLauncher {

	private FakeLauncher() {
	}

	public static void main(String[] args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("-D" + ServerLauncher.PARENT_PID + "=" + ProcessHandle.current().pid());
		command.add(FakeServer.class.getName());
		command.addAll(List.of(args));
		System.exit(ServerLauncher.run(command));
	}

}
