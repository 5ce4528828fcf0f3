package dev.outpost.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.Manifest;
import dev.outpost.io.StrictJson;
import dev.outpost.publishing.feeds.FeedFormat;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.trust.RootSection;

/**
 * Writes the seed inputs of every fuzz test (docs/fuzzing.md): valid pieces of the demo bundle, the
 * demo record file, the feed fixtures and the Safe Browsing canonicalization examples, each in its
 * harness's input layout. Run from the repository root; the files go where Jazzer's regression mode
 * replays them ({@code src/test/resources/dev/outpost/fuzz/<Class>Inputs/<method>/seed-*}).
 *
 * <pre>
 * ./mvnw -B -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.outpost.fuzz.SeedCorpus
 * </pre>
 */
public final class SeedCorpus {
    private static final Path INPUTS = Path.of("src/test/resources/dev/outpost/fuzz");
    private static final Path FEEDS = Path.of("src/test/resources/feeds");

    private SeedCorpus() {}

    public static void main(String[] args) throws IOException {
        Manifest demo = StrictJson.read(Demo.MANIFEST, Manifest.class, "manifest", "malformed-manifest");
        bundle(demo);
        parts(demo);
        imports(demo);
        web();
        records();
        feeds();
    }

    private static void bundle(Manifest demo) throws IOException {
        seed("BundleFuzzTest", "container", "demo", Demo.BUNDLE);
        seed("BundleFuzzTest", "rootSection", "demo", Demo.ROOTS);
        seed("BundleFuzzTest", "rootSection", "empty", new byte[2]);
        seed(
                "BundleFuzzTest",
                "rootDocument",
                "demo-v1",
                RootSection.decode(Demo.ROOTS).get(0).document());
        seed("BundleFuzzTest", "manifest", "demo", Demo.MANIFEST);
    }

    private static void parts(Manifest demo) throws IOException {
        long offset = 0;
        long names = demo.parts().get(0).entries();
        for (Manifest.Part part : demo.parts()) {
            byte[] bytes = slice(offset, part.size());
            offset += part.size();
            if (part.name().equals(BundleFormat.NAMES_PART)) {
                seed("PartsFuzzTest", "names", "demo", concat(new byte[] {(byte) part.entries()}, bytes));
                continue;
            }
            KeySpace space = KeySpace.byId(part.name()).orElseThrow();
            byte[] header = {
                (byte) space.ordinal(),
                (byte) (demo.allowsListedNames() ? 2 : 0),
                (byte) names,
                0,
                (byte) part.entries()
            };
            seed("PartsFuzzTest", "records", "demo-" + part.name(), concat(header, bytes));
            // The part's first entry: its key, then (after the value's length, one byte here) its value.
            int keyLength = space.keyLength();
            byte[] value = java.util.Arrays.copyOfRange(bytes, keyLength + 1, keyLength + 1 + bytes[keyLength]);
            byte[] key = java.util.Arrays.copyOf(bytes, keyLength);
            seed(
                    "PartsFuzzTest",
                    "recordValue",
                    "demo-" + part.name(),
                    concat(new byte[] {(byte) space.ordinal(), (byte) names}, concat(key, value)));
        }
    }

    private static void imports(Manifest demo) throws IOException {
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        full.write(demo.allowsListedNames() ? 1 : 0);
        for (ObjectKind kind : ObjectKind.values()) {
            full.write(demo.counts().get(kind.plural()).intValue());
        }
        long offset = 0;
        for (Manifest.Part part : demo.parts()) {
            full.writeBytes(framedPart(partId(part.name()), part.entries(), slice(offset, part.size())));
            offset += part.size();
        }
        seed("ImportFuzzTest", "fullBundle", "demo", full.toByteArray());

        // A delta that removes the demo's first file-sha256 key and adds nothing.
        byte[] sha256Part = slice(partOffset(demo, "file-sha256"), 32);
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        delta.write(demo.allowsListedNames() ? 1 : 0);
        for (ObjectKind kind : ObjectKind.values()) {
            long count = demo.counts().get(kind.plural()) - (kind == ObjectKind.FILE ? 1 : 0);
            delta.write((int) count);
        }
        delta.writeBytes(framedPart(0, 0, new byte[0]));
        delta.writeBytes(framedPart(1 + KeySpace.values().length + KeySpace.FILE_SHA256.ordinal(), 1, sha256Part));
        seed("ImportFuzzTest", "deltaBundle", "demo-remove-one", delta.toByteArray());
    }

    private static void web() throws IOException {
        List<String> urls = List.of(
                "http://host/%25%32%35",
                "http://host/%%%25%32%35asd%%",
                "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
                "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B",
                "http://3279880203/blah",
                "http://www.google.com/blah/..",
                "www.google.com",
                "http://www.evil.com/blah#frag",
                "http://www.GOOgle.com.../",
                "http://www.google.com/foo\tbar\rbaz\n2",
                "http://www.google.com/q?r?s",
                "http://%01%80.com/",
                "http://www.gotaport.com:1234/",
                "http:// leadingspace.com/",
                "https://www.securesite.com/",
                "http://host.com//twoslashes?more//slashes",
                "http://[2001:db8::1]:8080/a/./b/../c",
                "http://[::ffff:192.0.2.1]/",
                "http://0x7f.1/",
                "http://user:pass@B\u00fccher.example/x",
                "mailto:someone@example.com");
        for (int i = 0; i < urls.size(); i++) {
            seed("WebFuzzTest", "canonicalUrl", "sb-" + i, utf8(urls.get(i)));
        }
        List<String> domains = List.of(
                "www.example.com", "EXAMPLE.com.", "b\u00fccher.example", "_dmarc.example.org", "a..b", "192.0.2.1");
        for (int i = 0; i < domains.size(); i++) {
            seed("WebFuzzTest", "domain", "d-" + i, utf8(domains.get(i)));
        }
        List<String> ranges = List.of(
                "192.0.2.0/24",
                "10.0.0.1",
                "2001:db8::/32",
                "::ffff:10.0.0.0/104",
                "[2001:db8::1]",
                "0.0.0.0/0",
                "::/0",
                "2001:db8:0:0:0:0:2:1",
                "::1.2.3.4",
                "1.2.3.4/33");
        for (int i = 0; i < ranges.size(); i++) {
            seed("WebFuzzTest", "ipRange", "ip-" + i, utf8(ranges.get(i)));
        }
    }

    private static void records() throws IOException {
        seed("RecordSourceFuzzTest", "csv", "demo", Files.readAllBytes(Demo.DIRECTORY.resolve("demo-records.csv")));
        seed(
                "RecordSourceFuzzTest",
                "jsonLines",
                "mixed",
                utf8(String.join(
                        "\n",
                        "{\"kind\":\"file\",\"md5\":\"44d88612fea8a8f36de82e1278abb02f\",\"verdict\":\"MALWARE\","
                                + "\"threatName\":\"EICAR-Test-File\",\"firstSeen\":\"2006-05-05\",\"popularity\":1500000}",
                        "{\"kind\":\"certificate\",\"sha256\":"
                                + "\"275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\",\"verdict\":\"trusted\"}",
                        "{\"kind\":\"url\",\"url\":\"http://evil.example/phish/\",\"verdict\":\"PHISHING\"}",
                        "{\"kind\":\"domain\",\"domain\":\"malware.example\",\"verdict\":\"MALWARE\",\"lastSeen\":null}",
                        "",
                        "{\"kind\":\"ip\",\"ip\":\"198.51.100.0/24\",\"verdict\":\"SUSPICIOUS\"}")));
    }

    private static void feeds() throws IOException {
        Map<String, FeedFormat> fixtures = Map.of(
                "malwarebazaar/recent.csv", FeedFormat.MALWAREBAZAAR_CSV,
                "urlhaus/csv_recent.csv", FeedFormat.URLHAUS_CSV,
                "threatfox/recent.csv", FeedFormat.THREATFOX_CSV,
                "threatfox/recent.json", FeedFormat.THREATFOX_JSON,
                "feodo/ipblocklist.csv", FeedFormat.FEODO_CSV,
                "stix/bundle.json", FeedFormat.STIX2,
                "nsrl/NSRLFile.txt", FeedFormat.NSRL_LEGACY,
                "misp/57c4445b-c548-4654-af0b-4be3950d210f.json", FeedFormat.MISP_FEED);
        List<FeedFormat> files = java.util.Arrays.stream(FeedFormat.values())
                .filter(format -> format != FeedFormat.NSRL_RDS3 && format != FeedFormat.MISP_FEED)
                .toList();
        for (var fixture : fixtures.entrySet()) {
            int pick = fixture.getValue() == FeedFormat.MISP_FEED ? files.size() : files.indexOf(fixture.getValue());
            seed(
                    "FeedsFuzzTest",
                    "feed",
                    fixture.getValue().id(),
                    concat(new byte[] {(byte) pick}, Files.readAllBytes(FEEDS.resolve(fixture.getKey()))));
        }
    }

    private static byte[] framedPart(int id, long entries, byte[] bytes) {
        return ByteBuffer.allocate(5 + bytes.length)
                .put((byte) id)
                .putShort((short) entries)
                .putShort((short) bytes.length)
                .put(bytes)
                .array();
    }

    private static int partId(String name) {
        return name.equals(BundleFormat.NAMES_PART)
                ? 0
                : 1 + KeySpace.byId(name).orElseThrow().ordinal();
    }

    private static long partOffset(Manifest demo, String name) {
        long offset = 0;
        for (Manifest.Part part : demo.parts()) {
            if (part.name().equals(name)) {
                return offset;
            }
            offset += part.size();
        }
        throw new IllegalArgumentException(name);
    }

    private static byte[] slice(long offset, long length) {
        return java.util.Arrays.copyOfRange(Demo.PARTS, (int) offset, (int) (offset + length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void seed(String harness, String method, String name, byte[] bytes) throws IOException {
        Path directory = INPUTS.resolve(harness + "Inputs").resolve(method);
        Files.createDirectories(directory);
        Files.write(directory.resolve("seed-" + name), bytes);
        System.out.println(harness + "#" + method + ": seed-" + name + " (" + bytes.length + " bytes, sha256 "
                + HexFormat.of().formatHex(BundleFormat.sha256().digest(bytes)).substring(0, 12) + ")");
    }
}
