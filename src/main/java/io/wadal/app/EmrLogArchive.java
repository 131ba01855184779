package io.wadal.app;

import io.wadal.profile.S3Uri;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The logs EMR pushes to a cluster's LogUri (about every 5 minutes, and when a node ends):
 * {@code <LogUri>/<cluster-id>/node/<instance-id>/bootstrap-actions/<n>/stdout.gz}, and so on.
 * What is left of a bootstrap once EMR has terminated the cluster it failed on.
 */
final class EmrLogArchive {
    private final S3Client s3;
    private final S3Uri cluster;

    /** @param logUri the cluster's LogUri as EMR gives it ({@code s3n://…} too) */
    EmrLogArchive(S3Client s3, String logUri, String clusterId) {
        this.s3 = s3;
        String uri = logUri.replaceFirst("^s3[na]?://", "s3://");
        S3Uri base = S3Uri.parse(uri).orElseThrow(() -> new IllegalArgumentException("not an S3 URI: " + logUri));
        this.cluster = S3Uri.parse(base.resolve(clusterId)).orElseThrow();
    }

    /** {@code s3://…/<cluster-id>}: everything EMR kept of the cluster. */
    String prefix() {
        return cluster.toString();
    }

    /** The bootstrap actions' logs of every node, by node, action and file. */
    List<S3Object> bootstrapLogs() {
        String nodes = cluster.key("node/");
        return s3.listObjectsV2Paginator(b -> b.bucket(cluster.bucket()).prefix(nodes)).contents().stream()
                .filter(o -> o.key().contains("/bootstrap-actions/"))
                .sorted(Comparator.comparing(S3Object::key))
                .toList();
    }

    /** Prints each under a {@code ==> s3://… <==} header, a {@code .gz} one unpacked, a blank line between. */
    void print(List<S3Object> logs, OutputStream out) throws IOException {
        boolean first = true;
        for (S3Object o : logs) {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(cluster.bucket()).key(o.key())).asByteArray();
            if (o.key().endsWith(".gz")) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            out.write(((first ? "" : "\n") + "==> s3://" + cluster.bucket() + "/" + o.key() + " <==\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                out.write('\n');
            }
            first = false;
        }
        out.flush();
    }
}
