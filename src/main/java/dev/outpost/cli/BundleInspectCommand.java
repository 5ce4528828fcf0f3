package dev.outpost.cli;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost bundle inspect}: shows the manifest and who signed it, without trusting anything.
 * It only prints; {@code bundle verify} is the command that checks.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show a bundle's manifest and signer key ids (unverified).")
public class BundleInspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FileChannel file = FileChannel.open(bundle, StandardOpenOption.READ)) {
            ByteBuffer header = read(file, 0, BundleFormat.HEADER_BYTES);
            byte[] magic = new byte[8];
            header.get(magic);
            if (!java.util.Arrays.equals(magic, BundleFormat.MAGIC)) {
                throw new CliException(bundle + " is not an Outpost bundle");
            }
            int version = Short.toUnsignedInt(header.getShort());
            header.getShort();
            long manifestLength = Integer.toUnsignedLong(header.getInt());
            long signaturesLength = Integer.toUnsignedLong(header.getInt());
            if (manifestLength > BundleFormat.MAX_MANIFEST_BYTES
                    || signaturesLength > 2 + 16 * BundleFormat.SIGNATURE_ENTRY_BYTES) {
                throw new CliException(bundle + " has an oversized manifest or signature block");
            }
            var out = spec.commandLine().getOut();
            out.println("container version: " + version + "    (UNVERIFIED: use 'outpost bundle verify' to check)");
            out.println("manifest:");
            out.println(new String(
                    read(file, BundleFormat.HEADER_BYTES, (int) manifestLength).array(), StandardCharsets.UTF_8));
            ByteBuffer signatures = read(file, BundleFormat.HEADER_BYTES + manifestLength, (int) signaturesLength);
            int count = Short.toUnsignedInt(signatures.getShort());
            out.println("signatures: " + count);
            for (int i = 0; i < count && signatures.remaining() >= BundleFormat.SIGNATURE_ENTRY_BYTES; i++) {
                byte[] keyId = new byte[BundleFormat.KEY_ID_BYTES];
                signatures.get(keyId).position(signatures.position() + BundleFormat.SIGNATURE_BYTES);
                out.println("  key id " + HexFormat.of().formatHex(keyId));
            }
        }
        return 0;
    }

    private ByteBuffer read(FileChannel file, long position, int length) throws java.io.IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new CliException(bundle + " is truncated");
            }
        }
        return buffer.flip();
    }
}
