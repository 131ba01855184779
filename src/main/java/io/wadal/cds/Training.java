package io.wadal.cds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wadal.Main;
import io.wadal.app.WadalContext;
import io.wadal.aws.AwsClients;
import io.wadal.console.Console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's training run for the class-data-sharing archive: it runs typical commands —
 * parsing, a profile, the RunJobFlow request, EMR calls and their responses, the JSON records —
 * against a canned EMR endpoint on a loopback port, so their classes load from the archive
 * afterwards. Nothing leaves the machine.
 */
public final class Training {
    private static final String CLUSTER = """
            {"Cluster":{"Id":"j-TRAINING","Name":"training","ReleaseLabel":"emr-7.5.0",
             "Status":{"State":"WAITING","StateChangeReason":{"Code":"ALL_STEPS_COMPLETED","Message":"ok"},
              "Timeline":{"CreationDateTime":1.7636868E9,"ReadyDateTime":1.7636872E9}},
             "MasterPublicDnsName":"ec2-192-0-2-1.compute.amazonaws.com","NormalizedInstanceHours":8,
             "Tags":[{"Key":"wadal:profile","Value":"train"},{"Key":"Name","Value":"training"}],
             "Applications":[{"Name":"Spark","Version":"3.5"}],"InstanceCollectionType":"INSTANCE_GROUP",
             "Ec2InstanceAttributes":{"Ec2KeyName":"k","Ec2SubnetId":"subnet-1","Ec2AvailabilityZone":"us-east-1a",
              "IamInstanceProfile":"EMR_EC2_DefaultRole","AdditionalMasterSecurityGroups":[]},
             "KerberosAttributes":{},"Configurations":[{"Classification":"spark","Properties":{"a":"b"}}],
             "ServiceRole":"EMR_DefaultRole","AutoTerminate":false,"TerminationProtected":false,
             "VisibleToAllUsers":true,"RunningAmiVersion":"x","LogUri":"s3://b/l","StepConcurrencyLevel":1}}""";
    private static final Map<String, String> RESPONSES = Map.of(
            "ElasticMapReduce.DescribeCluster", CLUSTER,
            "ElasticMapReduce.RunJobFlow", "{\"JobFlowId\":\"j-TRAINING\",\"ClusterArn\":\"arn:aws:elasticmapreduce:x\"}",
            "ElasticMapReduce.TerminateJobFlows", "{}",
            "ElasticMapReduce.ListClusters", "{\"Clusters\":[{\"Id\":\"j-TRAINING\",\"Name\":\"training\","
                    + "\"Status\":{\"State\":\"WAITING\"}}]}");

    private static final String CALLER = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/training</Arn><UserId>AIDTRAINING</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final int JUPYTER_PORT = 8192;

    /** What the training run did: each command line's exit code, and the command lines the master saw. */
    public record Result(List<Run> runs, List<String> masterCommands) {
    }

    public record Run(List<String> args, int exit) {
    }

    private Training() {
    }

    public static void main(String[] args) throws Exception {
        // Training must never hold up the command that started it: past the limit it gives up (the launcher then runs without an archive).
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT.toMillis());
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        run();
        watchdog.interrupt();
    }

    /** Runs the training commands against the canned EMR endpoint and the training master. */
    public static Result run() throws IOException, GeneralSecurityException {
        HttpServer emr = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        emr.createContext("/", Training::answer);
        emr.start();
        Path home = Files.createTempDirectory("wadal-cds");
        try (TrainingMaster master = TrainingMaster.start(Files.createDirectories(home.resolve("master")), JUPYTER_PORT)) {
            Files.createDirectories(home.resolve("profiles"));
            Files.writeString(home.resolve("profiles/train"), """
                    export AWS_REGION=us-east-1
                    export AWS_EMR_LABEL=emr-7.5.0
                    export INIT_ASSET_DIR_S3=s3://wadal-training/assets
                    export EMR_LOG_DIR_S3=$INIT_ASSET_DIR_S3/logs
                    export NUM_TASK_INSTANCE=1
                    export TASK_SPOT_BID_PRICE=0.1
                    export EC2_KEY_PAIR_NAME=training
                    export EC2_KEY_PAIR_PATH='%s'
                    export MASTER_HOST=127.0.0.1
                    export SSH_PORT=%d
                    export JUPYTER_PORT=%d
                    export SSH_FROM=off
                    """.formatted(master.keyFile(), master.port(), JUPYTER_PORT));
            Files.writeString(home.resolve("data.csv"), "a,b\n1,2\n");
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + emr.getAddress().getPort(),
                    "AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "x", "AWS_MAX_ATTEMPTS", "1");
            String[][] runs = {{"--help"}, {"--version"}, {"plan", "train"}, {"plan", "--json", "train"},
                    {"create", "train"}, {"state", "train"}, {"state", "--json", "train"},
                    {"wait-ready", "--timeout", "1m", "train"},
                    {"ssh", "train", "--", "true"}, {"ls", "train"}, {"jupyter", "train", "-u"},
                    {"run-pyspark", "train", "job.py"}, {"upload", "train", "data.csv"},
                    {"download", "train", "data.csv", "--to", "downloads"},
                    {"profiles", "--json"}, {"clusters"}, {"terminate", "--force", "train"}, {"state", "nope"}};
            List<Run> done = new ArrayList<>();
            for (String[] run : runs) {
                try (AwsClients aws = new AwsClients(env)) {
                    WadalContext ctx = new WadalContext(env, home, home, Clock.systemUTC(), d -> { }, Console.system(), aws,
                            InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                    done.add(new Run(List.of(run), Main.run(run, ctx)));
                }
            }
            return new Result(done, master.commands());
        } finally {
            emr.stop(0);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        // create asks STS who is calling (the creator tag); STS speaks the query protocol, in XML
        boolean sts = target == null && request.contains("Action=GetCallerIdentity");
        byte[] body = (sts ? CALLER : RESPONSES.getOrDefault(target, "{}")).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", sts ? "text/xml" : "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
