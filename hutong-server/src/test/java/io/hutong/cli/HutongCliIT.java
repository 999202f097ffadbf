package io.hutong.cli;

import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.dag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.cli.Cli.Run;
import io.hutong.pack.PackFixtures;
import io.hutong.support.Api;
import io.hutong.support.BfiaJobsFixture;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.NodeIT.TestUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every command of the hutong command line against one three-node federation, in each output format, with the
 * exit code each outcome gives: 0 success, 1 a job that failed, was stopped or rejected, 2 bad usage or a request
 * the node refused, 3 a node that cannot be reached.
 */
class HutongCliIT {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static Federation federation;
    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        federation = new Federation();
        // the peers' offers are read at start only once the federation has signed up: read them again
        Api.Response refreshed = a().post("/admin/catalog/refresh", NodeIT.ADMIN_TOKEN, "");
        assertThat(refreshed.code()).as(refreshed.text()).isEqualTo("General.Success");
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    private static Api a() {
        return federation.api("node-a");
    }

    /** The command with node {@code id} and the admin token in HUTONG_URL and HUTONG_TOKEN, and an empty home. */
    private static Cli at(String id) {
        Path home = files.resolve("home-" + UUID.randomUUID());
        return new Cli(home, Map.of("HUTONG_URL", federation.api(id).base(), "HUTONG_TOKEN", NodeIT.ADMIN_TOKEN));
    }

    private static Cli cli() {
        return at("node-a");
    }

    private static Run ok(Run run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        return run;
    }

    /** A failure: this exit code, nothing on standard output and one line on standard error. */
    private static String refused(Run run, int exit) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(exit);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err()).as(run.toString()).startsWith("hutong: ").endsWith("\n");
        assertThat(run.err().strip()).as(run.toString()).doesNotContain("\n").doesNotContain("Exception");
        return run.err();
    }

    /** -o json and -o yaml print the same object; returns it. */
    private static JsonNode sameInJsonAndYaml(Cli cli, String... args) {
        JsonNode json = ok(cli.run(with(args, "-o", "json"))).json();
        JsonNode yaml = ok(cli.run(with(args, "-o", "yaml"))).yaml();
        assertThat(yaml).isEqualTo(json);
        return json;
    }

    private static String[] with(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static String file(String name, Object content) {
        Path path = files.resolve(UUID.randomUUID() + "-" + name);
        try {
            Files.writeString(path, content instanceof String text ? text
                    : name.endsWith(".yaml") ? YAML.writeValueAsString(content)
                    : Api.JSON.writeValueAsString(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path.toString();
    }

    private static Map<String, Object> job(String initiator, List<Map<String, Object>> components,
            Map<String, Object> taskParams) {
        return Map.of("flow_id", "flow-cli", "dag", dag(components), "config",
                config(initiator, "callback", taskParams));
    }

    private static Map<String, Object> sleeping(String name, int seconds) {
        return Map.of("common", Map.of(name, Map.of("seconds", seconds)));
    }

    private static String submit(Cli cli, Map<String, Object> job) {
        return ok(cli.run("job", "submit", file("job.json", job), "-o", "json")).json().path("job_id").asString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class Jobs {

        @Test
        void aJobSubmittedFromYamlIsFollowedToItsSuccessAndShownInEveryFormat() {
            String yaml = file("job.yaml", job("node-a", List.of(component("first", "Noop"),
                    component("second", "Noop", "first")), Map.of()));
            Run watched = ok(cli().run("job", "submit", yaml, "--watch"));
            String jobId = watched.out().lines().skip(1).findFirst().orElseThrow().strip();
            assertThat(jobId).matches("job-[A-Za-z0-9]{32}");
            // the job's end: a line of its own, or the first table when it ended that soon
            assertThat(watched.out()).containsPattern(jobId + " +FINISHED +SUCCESS\n");

            JsonNode state = BfiaJobsFixture.status(a(), jobId);
            assertThat(sameInJsonAndYaml(cli(), "job", "status", jobId)).isEqualTo(state);
            Run table = ok(cli().run("job", "status", jobId));
            assertThat(table.out()).containsPattern("JOB_ID +STATUS +RESULT")
                    .containsPattern(jobId + " +FINISHED +SUCCESS")
                    .containsPattern("second +" + state.path("task_ids").path("second").asString() + " +SUCCESS");
        }

        @Test
        void followingAJobAsJsonPrintsEachStateItPassesAndEndsWithTheLast() {
            String jobId = submit(cli(), job("node-a", List.of(component("slow", "Sleep")), sleeping("slow", 1)));
            Run watched = ok(cli().run("job", "status", jobId, "--watch", "--refresh", "1", "-o", "json"));
            List<JsonNode> states = watched.jsons();
            assertThat(states.get(states.size() - 1)).isEqualTo(BfiaJobsFixture.status(a(), jobId));
            assertThat(states.get(states.size() - 1).path("result").asString()).isEqualTo("SUCCESS");
            assertThat(states).doesNotHaveDuplicates();
        }

        @Test
        void aFailedJobExitsOne() {
            String jobId = submit(cli(), job("node-a", List.of(component("broken", "Fail")), Map.of()));
            Run watched = cli().run("job", "status", jobId, "--watch", "-o", "yaml");
            assertThat(watched.exit()).as(watched.toString()).isEqualTo(1);
            List<JsonNode> states = watched.yamls();
            assertThat(states.get(states.size() - 1).path("result").asString()).isEqualTo("FAILED");
            assertThat(cli().run("job", "status", jobId).exit()).isEqualTo(1);
        }

        @Test
        void aStoppedJobExitsOne() {
            String jobId = submit(cli(), job("node-a", List.of(component("slow", "Sleep")), sleeping("slow", 60)));
            Run stopped = ok(cli().run("job", "stop", jobId));
            assertThat(stopped.out()).isEqualTo("Stopping job " + jobId + ".\n");
            Run watched = cli().run("job", "status", jobId, "--watch");
            assertThat(watched.exit()).as(watched.toString()).isEqualTo(1);
            assertThat(watched.out()).containsPattern(jobId + " +FINISHED +STOPPED +stopped by node-a");
        }

        @Test
        void stoppingATaskStopsItAndWhatFollowsIt() {
            String jobId = submit(cli(), job("node-a", List.of(component("slow", "Sleep"),
                    component("after", "Noop", "slow")), sleeping("slow", 60)));
            await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(
                    ok(cli().run("job", "status", jobId, "-o", "json")).json().path("job_status").asString()));
            assertThat(ok(cli().run("job", "stop", jobId, "--task", "slow", "-o", "json")).json()).isEmpty();
            Run watched = cli().run("job", "status", jobId, "--watch", "-o", "json");
            assertThat(watched.exit()).as(watched.toString()).isEqualTo(1);
            List<JsonNode> states = watched.jsons();
            JsonNode last = states.get(states.size() - 1);
            assertThat(last.path("result").asString()).isIn("STOPPED", "FAILED");
            assertThat(last.path("status").path(last.path("task_ids").path("after").asString()).asString())
                    .isNotEqualTo("SUCCESS");
        }

        @Test
        void aJobWaitingForAPersonIsListedAndRejectedWithItsReason() {
            Cli b = at("node-b");
            Cli c = at("node-c");
            String jobId = submit(b, job("node-b", List.of(component("only", "Noop")), Map.of()));
            awaitPending(c, jobId);
            JsonNode pending = sameInJsonAndYaml(c, "job", "pending");
            assertThat(pending).isEqualTo(federation.api("node-c").get("/v1/platform/schedule/job/pending_audit",
                    NodeIT.ADMIN_TOKEN).data());
            assertThat(ok(c.run("job", "pending")).out()).containsPattern("JOB_ID +FLOW_ID +INITIATOR")
                    .containsPattern(jobId + " +flow-cli +node-b +node-b +arbiter.0 +only");

            assertThat(ok(c.run("job", "reject", jobId, "--reason", "not with this data")).out())
                    .isEqualTo("Rejected job " + jobId + ".\n");
            Run watched = b.run("job", "status", jobId, "--watch");
            assertThat(watched.exit()).as(watched.toString()).isEqualTo(1);
            assertThat(watched.out()).containsPattern(jobId + " +REJECTED +REJECTED +.*not with this data");
        }

        @Test
        void aJobApprovedByAPersonRunsToItsSuccess() {
            Cli b = at("node-b");
            Cli c = at("node-c");
            String jobId = submit(b, job("node-b", List.of(component("only", "Noop")), Map.of()));
            awaitPending(c, jobId);
            assertThat(ok(c.run("job", "approve", jobId, "-o", "yaml")).yaml()).isEmpty();
            Run watched = ok(b.run("job", "status", jobId, "--watch"));
            assertThat(watched.out()).containsPattern(jobId + " +FINISHED +SUCCESS\n");
        }

        private static void awaitPending(Cli node, String jobId) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ok(node.run("job", "pending", "-o", "json")).json()
                    .path("jobs").findValuesAsString("job_id").contains(jobId));
        }

        @Test
        void aTasksLogIsPrintedByComponentNameOrTaskIdAtEachLevel() {
            String jobId = submit(cli(), job("node-a", List.of(component("first", "Noop")), Map.of()));
            ok(cli().run("job", "status", jobId, "--watch"));
            String taskId = BfiaJobsFixture.status(a(), jobId).path("task_ids").path("first").asString();
            JsonNode log = a().get("/v1/platform/schedule/task/get_log?task_id=" + taskId + "&log_level=info&start=0",
                    NodeIT.ADMIN_TOKEN).data();
            assertThat(log.path("data").asString()).contains("Noop first");

            String lines = log.path("data").asString() + "\n";
            assertThat(ok(cli().run("job", "logs", jobId, "first")).out()).isEqualTo(lines);
            assertThat(ok(cli().run("job", "logs", jobId, taskId)).out()).isEqualTo(lines);
            assertThat(sameInJsonAndYaml(cli(), "job", "logs", jobId, "first")).isEqualTo(log);
            assertThat(ok(cli().run("job", "logs", jobId, "first", "--level", "debug")).out()).isNotBlank();
            assertThat(refused(cli().run("job", "logs", jobId, "second"), 2)).contains("TASK: oneOf(first)");
            assertThat(refused(cli().run("job", "logs", jobId, "first", "--level", "trace"), 2)).contains("trace");
        }

        @Test
        void followingALogPrintsItsLinesUntilTheTaskEndsAndExitsWithItsResult() {
            String jobId = submit(cli(), job("node-a", List.of(component("slow", "Sleep")), sleeping("slow", 2)));
            Run followed = ok(cli().run("job", "logs", jobId, "slow", "-f", "--refresh", "1"));
            assertThat(followed.out()).contains("Sleep slow as guest.0: sleeping 2s");
            JsonNode state = BfiaJobsFixture.status(a(), jobId);
            assertThat(state.path("status").path(state.path("task_ids").path("slow").asString()).asString())
                    .isEqualTo("SUCCESS");

            String failing = submit(cli(), job("node-a", List.of(component("broken", "Fail")), Map.of()));
            Run errors = cli().run("job", "logs", failing, "broken", "-f", "--level", "error");
            assertThat(errors.exit()).as(errors.toString()).isEqualTo(1);
            assertThat(errors.out()).contains("Fail component: failing on purpose");
        }

        @Test
        void theJobListShowsThisNodesJobs() {
            String jobId = submit(cli(), job("node-a", List.of(component("only", "Noop")), Map.of()));
            ok(cli().run("job", "status", jobId, "--watch"));
            JsonNode list = sameInJsonAndYaml(cli(), "job", "list", "--flow", "flow-cli");
            assertThat(list.path("job_list").path(jobId).asString()).isEqualTo("FINISHED");
            assertThat(ok(cli().run("job", "list")).out()).containsPattern("JOB_ID +STATUS")
                    .containsPattern(jobId + " +FINISHED");
        }

        @Test
        void badJobsAndBadArgumentsAreRefusedInOneLineNamingTheFieldAndTheRule() {
            Map<String, Object> ghost = job("node-a", List.of(component("b", "Noop", "ghost")), Map.of());
            assertThat(refused(cli().run("job", "submit", file("job.json", ghost)), 2))
                    .contains("dag.components.b.input[0].key");
            assertThat(refused(cli().run("job", "submit", files.resolve("absent.json").toString()), 2))
                    .contains("absent.json: no such file");
            assertThat(refused(cli().run("job", "submit", file("job.yaml", "dag: [unclosed\n")), 2))
                    .contains("neither JSON nor YAML");
            assertThat(refused(cli().run("job", "submit", file("job.yaml", "- a list\n")), 2))
                    .contains("type(object)");
            assertThat(refused(cli().run("job", "status", "job-nosuchjob"), 2)).contains("job-nosuchjob");
            assertThat(refused(cli().run("job", "status", "x", "--watch", "--refresh", "21"), 2))
                    .contains("--refresh: range(1,20)");
            assertThat(refused(cli().run("job", "status"), 2)).contains("JOB_ID");
            assertThat(refused(cli().run("job", "approve", ""), 2)).contains("job_id");
            assertThat(refused(cli().run("jobs"), 2)).contains("jobs");
            assertThat(refused(cli().run("job", "list", "-o", "xml"), 2)).contains("xml");
        }

        @Test
        void aJobReadFromStandardInputIsCreated() {
            String body = Api.JSON.writeValueAsString(job("node-a", List.of(component("only", "Noop")), Map.of()));
            JsonNode created = ok(cli().input(body, "job", "submit", "-", "-o", "yaml")).yaml();
            assertThat(BfiaJobsFixture.awaitEnd(a(), created.path("job_id").asString()).path("result").asString())
                    .isEqualTo("SUCCESS");
        }
    }

    @Nested
    class Trust {

        @Test
        void theCardIsShownInEveryFormatAndImportedAtAPeer() {
            JsonNode card = a().get("/admin/trust/card", NodeIT.ADMIN_TOKEN).data();
            String fingerprint = card.path("fingerprint").asString();
            assertThat(sameInJsonAndYaml(cli(), "card", "show")).isEqualTo(card);
            assertThat(ok(cli().run("card", "show")).out()).containsPattern("NODE_ID +BASE_URL +ALGORITHM +FINGERPRINT")
                    .containsPattern("node-a +" + a().base() + " +SHA256_ECDSA +" + fingerprint);

            String shown = ok(cli().run("card", "show", "-o", "json")).out();
            JsonNode imported = ok(at("node-b").input(shown, "peer", "add", "-", "-o", "json")).json();
            assertThat(imported.path("node_id").asString()).isEqualTo("node-a");
            assertThat(imported.path("fingerprint")).isEqualTo(card.path("fingerprint"));
            String bare = file("card.yaml", YAML.writeValueAsString(card.path("card")));
            assertThat(ok(at("node-c").run("peer", "add", bare)).out())
                    .containsPattern("node-a +" + a().base() + " +SHA256_ECDSA +" + fingerprint);
        }

        @Test
        void aCardWithAnUnknownAlgorithmIsRefusedNamingTheField() {
            ObjectNode card = (ObjectNode) a().get("/admin/trust/card", NodeIT.ADMIN_TOKEN).data().path("card")
                    .deepCopy();
            card.put("algorithm", "ROT13");
            assertThat(refused(at("node-b").run("peer", "add", file("card.json", card.toString())), 2))
                    .contains("algorithm");
        }

        @Test
        void peersAreListedWithTheirFingerprints() {
            JsonNode peers = sameInJsonAndYaml(cli(), "peer", "list");
            assertThat(peers).isEqualTo(a().get("/admin/trust/peers", NodeIT.ADMIN_TOKEN).data());
            String fingerprint = federation.api("node-b").get("/admin/trust/card", NodeIT.ADMIN_TOKEN).data()
                    .path("fingerprint").asString();
            assertThat(ok(cli().run("peer", "list")).out()).containsPattern("NODE_ID +BASE_URL +ALGORITHM")
                    .containsPattern("node-b +" + federation.api("node-b").base() + " +SHA256_ECDSA +false +"
                            + fingerprint);
        }

        @Test
        void aUserTokenIsRefusedOnTheAdminCommands() {
            TestUser user = newUser();
            Cli asUser = cli().with("HUTONG_TOKEN", user.token());
            assertThat(refused(asUser.run("peer", "list"), 2)).contains("admin token");
            assertThat(refused(cli().run("card", "show", "--token", "no-such-token"), 2)).contains("hutong: ");
        }

        @Test
        void diagnosePrintsEachCheckOfAPeer() {
            // the details carry timings, which differ between two runs: the checks and results do not
            JsonNode json = ok(cli().run("peer", "diagnose", "node-b", "-o", "json")).json();
            JsonNode yaml = ok(cli().run("peer", "diagnose", "node-b", "-o", "yaml")).yaml();
            assertThat(results(yaml)).isEqualTo(results(json));
            assertThat(json).isNotEmpty().allSatisfy(check -> assertThat(check.path("result").asString())
                    .isIn("PASS", "WARN"));
            assertThat(ok(cli().run("peer", "diagnose", "node-b")).out()).containsPattern("CHECK +RESULT +DETAIL");
        }

        private static List<String> results(JsonNode checks) {
            List<String> results = new ArrayList<>();
            checks.forEach(check -> results.add(check.path("check").asString() + " " + check.path("result").asString()));
            return results;
        }

        @Test
        void diagnoseExitsOneWhenACheckFails() throws IOException {
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            assertThat(a().put("/admin/peers/node-gone", NodeIT.ADMIN_TOKEN,
                    Map.of("baseUrl", "http://127.0.0.1:" + closed)).code()).isEqualTo("General.Success");
            Run run = cli().run("peer", "diagnose", "node-gone");
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).containsPattern("reachability +FAIL +.*127\\.0\\.0\\.1:" + closed);
        }
    }

    @Nested
    class Components {

        @Test
        void componentsAreListedAndRegisteredFromYaml() {
            JsonNode registration = Api.JSON.readTree(resource("/io/hutong/components/sleep.json"));
            ((ObjectNode) registration.path("component_info")).put("componentName", "SleepCli");
            String yaml = file("component.yaml", YAML.writeValueAsString(registration));
            assertThat(ok(cli().run("component", "register", yaml)).out())
                    .isEqualTo("Registered SleepCli 1.0.0 (hutong).\n");

            JsonNode listed = sameInJsonAndYaml(cli(), "component", "list");
            assertThat(listed).isEqualTo(a().get("/v1/platform/schedule/component/list", NodeIT.ADMIN_TOKEN).data());
            assertThat(listed.findValuesAsString("componentName")).contains("Noop", "SleepCli");
            assertThat(ok(cli().run("component", "list")).out())
                    .containsPattern("NAME +VERSION +PROVIDER +ROLES +IMAGE")
                    .containsPattern("SleepCli +1\\.0\\.0 +hutong +guest,host,arbiter +hutong/sleep:1\\.0\\.0");
        }

        @Test
        void aComponentWithoutANameIsRefusedNamingTheField() {
            JsonNode registration = Api.JSON.readTree(resource("/io/hutong/components/noop.json"));
            ((ObjectNode) registration.path("component_info")).remove("componentName");
            assertThat(refused(cli().run("component", "register", file("component.json", registration.toString())), 2))
                    .contains("componentName");
        }
    }

    @Nested
    class Catalog {

        @Test
        void offersAreRankedForARequirementGivenWithOptionsOrInAFile() {
            JsonNode result = sameInJsonAndYaml(cli(), "catalog", "query", "--provider", "local", "--cpus", "1+");
            assertThat(result.path("candidates").get(0).path("offer").path("id").asString()).isEqualTo("local:node-a");
            Run table = ok(cli().run("catalog", "query", "--provider", "local", "--cpus", "1+"));
            assertThat(table.out()).containsPattern("RANK +OFFER +PROVIDER")
                    .containsPattern("1 +local:node-a +local").contains("--explain shows why");

            String data = file("requirement.yaml", "resources:\n  provider: local\n  cpus: 1+\n");
            JsonNode fromFile = ok(cli().run("catalog", "query", data, "-o", "json")).json();
            assertThat(fromFile.path("candidates")).isEqualTo(result.path("candidates"));
        }

        @Test
        void explainShowsTheScorePartsAndEveryRuleARejectedOfferBreaks() {
            Run explained = ok(cli().run("catalog", "query", "--provider", "local", "--provider", "peer",
                    "--cpus", "1+", "--explain"));
            assertThat(explained.out()).containsPattern("SCORE +PRICE +AVAILABILITY +RELIABILITY")
                    .contains("Rejected by rule: provider").contains("Rejected:")
                    .containsPattern("cloud:\\S+ +cloud .*provider: cloud")
                    .containsPattern("PROVIDER +NAME +STATUS +OFFERS");
        }

        @Test
        void aBadRequirementIsRefusedNamingTheFieldAndTheRule() {
            assertThat(refused(cli().run("catalog", "query", "--cpus", "many"), 2)).contains("data.resources.cpus");
            assertThat(refused(cli().run("catalog", "query", file("r.yaml", "resources: {}\n"), "--cpus", "2"), 2))
                    .contains("not both");
        }
    }

    @Nested
    class Tasks {

        @Test
        void aPlanIsShownAndNotStartedWhenDeclined() {
            Run declined = cli().input("n\n", "task", "plan", "three-party-training", "-p", "seconds=1");
            assertThat(declined.exit()).as(declined.toString()).isEqualTo(1);
            assertThat(declined.err()).isEqualTo("Proceed? [y/N] ");
            assertThat(declined.out()).containsPattern("STEP +PARTY +RANK +INSTANCE")
                    .containsPattern("training +guest +1 +local:node-a +local .*✔")
                    .containsPattern("training +host +1 +peer:node-\\w +peer .*✔")
                    .containsPattern("Not started; task ct-\\S+ stays planned\\.");
        }

        @Test
        void aConfirmedPlanRunsTheChosenPathToItsEnd() {
            Run started = cli().input("y\n", "task", "plan", "three-party-training", "-p", "seconds=1",
                    "--choose", "training/host=peer:node-c", "--choose", "training/arbiter=peer:node-b");
            assertThat(started.exit()).as(started.toString()).isZero();
            assertThat(started.err()).isEqualTo("Proceed? [y/N] ");
            assertThat(started.out()).containsPattern("training +host +\\d +peer:node-c .*✔")
                    .containsPattern("TASK_ID +TEMPLATE +STATUS").containsPattern("training +.*bfia +.*job-\\w{32}");
            String taskId = started.out().lines().filter(line -> line.startsWith("ct-")).findFirst().orElseThrow()
                    .split(" +")[0];
            await().atMost(Duration.ofSeconds(60)).until(() -> "succeeded".equals(
                    ok(cli().run("task", "status", taskId, "-o", "json")).json().path("status").asString()));
            JsonNode status = sameInJsonAndYaml(cli(), "task", "status", taskId);
            assertThat(status.path("executions").get(0).path("instance_id").asString())
                    .isEqualTo("guest=local:node-a,host=peer:node-c,arbiter=peer:node-b");
            assertThat(ok(cli().run("task", "status", taskId)).out())
                    .containsPattern(taskId + " +three-party-training +succeeded");
        }

        @Test
        void yesStartsWithoutAskingAndJsonPrintsThePlanThenTheTask() {
            Run started = ok(cli().run("task", "plan", "three-party-training", "-p", "seconds=1", "--yes",
                    "-o", "json"));
            List<JsonNode> documents = started.jsons();
            assertThat(documents).hasSize(2);
            assertThat(documents.get(1).path("task_id")).isEqualTo(documents.get(0).path("task_id"));
            assertThat(documents.get(1).path("status").asString()).isIn("running", "succeeded");
        }

        @Test
        void anUnknownTemplateOrTaskIsRefused() {
            assertThat(refused(cli().run("task", "plan", "no-such-template", "--yes"), 2)).contains("no-such-template");
            assertThat(refused(cli().run("task", "status", "ct-nosuchtask"), 2)).contains("ct-nosuchtask");
        }
    }

    @Nested
    class Packs {

        @Test
        void aUsersPacksAreListedAPageAtATime() {
            TestUser user = newUser();
            new PackFixtures(a()).timing(user, "A100 月包", 3600);
            new PackFixtures(a()).timing(user, "T4 小包", 60);
            Cli asUser = cli().with("HUTONG_TOKEN", user.token());
            JsonNode page = sameInJsonAndYaml(asUser, "pack", "list", "--page-size", "1");
            assertThat(page.path("total").asInt()).isEqualTo(2);
            assertThat(page.path("userPackList")).hasSize(1);
            Run table = ok(asUser.run("pack", "list"));
            assertThat(table.out()).containsPattern("ID +NAME +STATUS +TYPE +DURATION")
                    .containsPattern("\\d+ +A100 月包 +status\\.\\w+ +type\\.timing +3600")
                    .contains("page 1 of 1, 2 packs");
            assertThat(refused(asUser.run("pack", "list", "--page", "0"), 2)).contains("pageNum");
        }
    }

    @Nested
    class Datasets {

        @Test
        void aDatasetGoesUpIsListedAndComesBackTheSame() throws IOException {
            String csv = "id,x\n1,2\n3,4\n";
            String name = "s" + UUID.randomUUID().toString().substring(0, 8);
            ok(cli().input(csv, "dataset", "upload", "cli/" + name, "-"));
            assertThat(ok(cli().run("dataset", "list", "--page-size", "1000")).out()).contains(name);
            sameInJsonAndYaml(cli(), "dataset", "list");
            assertThat(ok(cli().run("dataset", "download", "cli/" + name)).out()).isEqualTo(csv);
            Path copy = files.resolve(name + ".csv");
            ok(cli().run("dataset", "download", "cli/" + name, "-O", copy.toString()));
            assertThat(Files.readString(copy)).isEqualTo(csv);
        }

        @Test
        void aDatasetNameIsNamespaceSlashName() {
            assertThat(refused(cli().run("dataset", "download", "no-namespace"), 2)).contains("NAMESPACE/NAME");
        }
    }

    @Nested
    class Configuration {

        @Test
        void loginChecksTheTokenAndWritesTheConfigForTheOwnerOnly() throws IOException {
            Cli empty = new Cli(files.resolve("home-" + UUID.randomUUID()), Map.of());
            assertThat(refused(empty.run("login", a().base(), "--token", "wrong"), 2)).contains("hutong: ");
            assertThat(empty.home().resolve(".hutong/config")).doesNotExist();

            Run login = empty.input(NodeIT.ADMIN_TOKEN + "\n", "login", a().base() + "/");
            assertThat(login.exit()).as(login.toString()).isZero();
            assertThat(login.err()).isEqualTo("Token: ");
            assertThat(login.out()).startsWith("Logged in to " + a().base() + ";");
            Path config = empty.home().resolve(".hutong/config");
            assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(config)).contains("url=" + a().base().replace(":", "\\:"));
            assertThat(ok(empty.run("component", "list", "-o", "json")).json().findValuesAsString("componentName"))
                    .contains("Noop");
        }

        @Test
        void optionsComeBeforeTheEnvironmentWhichComesBeforeTheConfig() {
            Cli configured = new Cli(files.resolve("home-" + UUID.randomUUID()), Map.of());
            ok(configured.run("login", a().base(), "--token", NodeIT.ADMIN_TOKEN));
            String dead = "http://127.0.0.1:" + freePort();
            Cli deadEnvironment = configured.with("HUTONG_URL", dead);
            assertThat(refused(deadEnvironment.run("card", "show"), 3)).contains("cannot reach " + dead);
            assertThat(ok(deadEnvironment.run("card", "show", "--url", federation.api("node-b").base())).out())
                    .contains("node-b");
            assertThat(refused(configured.with("HUTONG_TOKEN", "wrong").run("card", "show"), 2)).contains("hutong: ");
        }

        @Test
        void withoutANodeTheCommandSaysWhereToGiveOne() {
            Cli empty = new Cli(files.resolve("home-" + UUID.randomUUID()), Map.of());
            assertThat(refused(empty.run("job", "list"), 2)).contains("url: notBlank").contains("hutong login URL");
            assertThat(refused(empty.run("job", "list", "--url", "127.0.0.1:8081"), 2))
                    .contains("url: http(s)://host:port");
        }

        @Test
        void anUnreachableNodeExitsThree() {
            String dead = "http://127.0.0.1:" + freePort();
            assertThat(refused(cli().run("job", "list", "--url", dead), 3))
                    .isEqualTo("hutong: cannot reach " + dead + ": connection refused\n");
            assertThat(refused(cli().run("job", "status", "job-x", "--watch", "--url", dead, "-o", "json"), 3))
                    .contains("cannot reach");
        }

        @Test
        void completionScriptsAreOfferedForBashAndZsh() {
            Run bash = ok(cli().run("completion", "bash"));
            assertThat(bash.out()).contains("complete -F").contains("job").contains("catalog").contains("--watch");
            assertThat(ok(cli().run("completion", "zsh")).out()).contains("bashcompinit");
            assertThat(refused(cli().run("completion", "fish"), 2)).contains("SHELL: oneOf(bash,zsh)");
        }
    }

    private static TestUser newUser() {
        String name = "cli" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response user = a().post("/admin/users", NodeIT.ADMIN_TOKEN, Map.of("name", name, "displayName", name));
        assertThat(user.code()).as(user.text()).isEqualTo("General.Success");
        long id = user.data().path("id").asLong();
        Api.Response token = a().post("/admin/users/" + id + "/tokens", NodeIT.ADMIN_TOKEN, Map.of("label", "cli"));
        assertThat(token.code()).as(token.text()).isEqualTo("General.Success");
        return new TestUser(id, name, name, token.data().path("token").asString());
    }

    private static String resource(String path) {
        try (InputStream in = HutongCliIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
