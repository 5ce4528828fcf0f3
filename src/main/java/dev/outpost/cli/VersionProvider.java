package dev.outpost.cli;

import picocli.CommandLine;

/** Reports the artifact version from the jar manifest. */
public class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = OutpostMain.class.getPackage().getImplementationVersion();
        return new String[] {"outpost " + (version == null ? "development build" : version)};
    }
}
