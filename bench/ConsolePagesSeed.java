import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Seeds a node for the console benchmark: runs one four-task job with every role on the node
 * through the API, then copies it (job, tasks, units, parties) into {@code jobs - 1} more jobs
 * straight in the node's database, a second apart; logs in to the console and writes two wrk
 * scripts that send the session cookie: one for random pages of the jobs list, one for random
 * job pages.
 *
 * <p>Usage: {@code ConsolePagesSeed <base url> <node id> <node data dir> <admin token> <jobs> <out dir>}
 */
public final class ConsolePagesSeed {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String node = args[1];
        Path dataDir = Path.of(args[2]);
        String admin = args[3];
        int jobs = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        HttpClient http = HttpClient.newHttpClient();

        String components = "[" + component("c1") + "," + component("c2", "c1") + "," + component("c3", "c1") + ","
                + component("c4", "c2", "c3") + "]";
        String config = """
                {"initiator": {"role": "guest", "node_id": "%1$s"},
                 "role": {"guest": ["%1$s"], "host": ["%1$s"], "arbiter": ["%1$s"]},
                 "job_params": {"common": {}}, "task_params": {"common": {}}}""".formatted(node);
        String created = post(http, base + "/v1/platform/schedule/job/create_all", admin, """
                {"flow_id": "bench-flow", "dag": {"version": "2.0.0", "components": %s}, "config": %s}"""
                .formatted(components, config));
        String template = field(created, "job_id");
        for (int i = 0; i < 600; i++) {
            String status = get(http, base + "/v1/platform/schedule/job/status_all?job_id=" + template + "&wait=1", admin);
            if (status.contains("\"FINISHED\"")) {
                break;
            }
        }

        List<String> ids = new ArrayList<>();
        try (Connection db = connect(dataDir.resolve("postgres/postgres.properties"))) {
            db.setAutoCommit(false);
            execute(db, """
                    create temp table bench_clone on commit drop as
                        select g, 'job-' || md5('bench' || g || random()) as job_id
                        from generate_series(1, ?) g""", jobs - 1);
            execute(db, """
                    insert into bfia_job (job_id, flow_id, dag, config, plan, initiator_node, scheduler_node, sync_type,
                        status, result, reason, stop_requested, approval, approval_reason, created_at, updated_at,
                        task_timeout_s)
                    select c.job_id, j.flow_id, j.dag, j.config, j.plan, j.initiator_node, j.scheduler_node, j.sync_type,
                        j.status, j.result, j.reason, j.stop_requested, j.approval, j.approval_reason,
                        j.created_at - make_interval(secs => c.g), j.updated_at - make_interval(secs => c.g),
                        j.task_timeout_s
                    from bench_clone c, bfia_job j where j.job_id = ?""", template);
            execute(db, """
                    insert into bfia_task (task_id, job_id, task_name, status, updated_at, started_at)
                    select 'task-' || md5(c.job_id || t.task_name), c.job_id, t.task_name, t.status, t.updated_at,
                        t.started_at
                    from bench_clone c, bfia_task t where t.job_id = ?""", template);
            execute(db, """
                    insert into bfia_task_unit (task_id, job_id, role, role_index, node_id, status, token_hash,
                        process_started_at, exit_code, next_poll_at, updated_at, handle)
                    select 'task-' || md5(c.job_id || t.task_name), c.job_id, u.role, u.role_index, u.node_id, u.status,
                        u.token_hash, u.process_started_at, u.exit_code, u.next_poll_at, u.updated_at, u.handle
                    from bench_clone c, bfia_task_unit u join bfia_task t on t.task_id = u.task_id
                    where u.job_id = ?""", template);
            execute(db, """
                    insert into bfia_job_party (job_id, node_id, approval, reason)
                    select c.job_id, p.node_id, p.approval, p.reason from bench_clone c, bfia_job_party p
                    where p.job_id = ?""", template);
            try (PreparedStatement pick = db.prepareStatement("select job_id from bfia_job order by random() limit 500");
                    ResultSet rs = pick.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            db.commit();
        }
        System.out.printf("seeded %,d jobs like %s%n", jobs, template);

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + admin)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IllegalStateException("no session: " + login.statusCode() + " " + login.body())).split(";", 2)[0];
        int pages = Math.max(1, jobs / 50);
        Files.writeString(out.resolve("console-jobs.lua"), script(cookie, "local pages = " + pages,
                "\"/console/jobs?page=\" .. math.random(1, pages)"));
        Files.writeString(out.resolve("console-job.lua"), script(cookie,
                "local ids = {\"" + String.join("\", \"", ids) + "\"}", "\"/console/jobs/\" .. ids[math.random(#ids)]"));
        Files.writeString(out.resolve("health.lua"), script(cookie, "", "\"/actuator/health\""));
    }

    /** A wrk script sending {@code path} with the session cookie, printing its p95 when done. */
    private static String script(String cookie, String setup, String path) {
        return """
                wrk.headers["Cookie"] = "%s"
                %s
                request = function()
                  return wrk.format("GET", %s)
                end
                done = function(summary, latency, requests)
                  io.write(string.format("p95_ms %%.3f\\n", latency:percentile(95.0) / 1000))
                end
                """.formatted(cookie, setup, path);
    }

    private static String component(String name, String... upstream) {
        StringBuilder inputs = new StringBuilder();
        for (String up : upstream) {
            inputs.append(inputs.isEmpty() ? "" : ",").append("{\"key\": \"").append(up).append(".data\", \"type\": \"dataset\"}");
        }
        return """
                {"name": "%s", "componentName": "Noop", "version": "1.0.0", "provider": "hutong",
                 "input": [%s], "output": [{"key": "data", "type": "dataset"}]}""".formatted(name, inputs);
    }

    private static String post(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(HttpClient http, String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("token", token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    private static void execute(Connection db, String sql, Object parameter) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            statement.execute();
        }
    }

    private static Connection connect(Path properties) throws Exception {
        Properties db = new Properties();
        try (InputStream in = Files.newInputStream(properties)) {
            db.load(in);
        }
        return DriverManager.getConnection(db.getProperty("url"), db.getProperty("user"), db.getProperty("password"));
    }
}
