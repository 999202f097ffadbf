import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds a node for the pack-list benchmark: {@code users} users with {@code packs} packs between
 * them (straight into its database; a million packs through the admin API would take an
 * afternoon), then issues API tokens for 200 of them through the admin API and writes a wrk
 * script that sends getUserPackList (pageSize 10, ordered by packName) as a random one of them.
 *
 * <p>Usage: {@code PackListSeed <base url> <node data dir> <admin token> <users> <packs> <wrk script out>}
 */
public final class PackListSeed {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dataDir = Path.of(args[1]);
        String admin = args[2];
        int users = Integer.parseInt(args[3]);
        int packs = Integer.parseInt(args[4]);
        Path script = Path.of(args[5]);

        long seeded = seed(dataDir.resolve("postgres/postgres.properties"), users, packs);
        System.out.printf("seeded %,d packs over %,d users%n", seeded, users);

        HttpClient http = HttpClient.newHttpClient();
        Pattern tokenPattern = Pattern.compile("\"token\":\"([^\"]+)\"");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long userId = 2 + (long) i * (users / 200);
            HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/users/" + userId
                    + "/tokens")).header("token", admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"bench\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = tokenPattern.matcher(issued.body());
            if (!m.find()) {
                throw new IllegalStateException("no token issued: " + issued.body());
            }
            tokens.add(m.group(1));
        }
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local tokens = {%s}
                request = function()
                  wrk.headers["token"] = tokens[math.random(#tokens)]
                  return wrk.format(nil, nil, nil,
                    '{"order":[{"key":"packName","sort":"asc"}],"pageNum":' .. math.random(1, 10) .. ',"pageSize":10}')
                end
                response = function(status, headers, body)
                  if status ~= 200 or not string.find(body, "General.Success", 1, true) then
                    io.stderr:write("unexpected answer: " .. status .. " " .. body .. "\\n")
                  end
                end
                """.formatted(String.join(",", tokens.stream().map(t -> "\"" + t + "\"").toList())));
    }

    private static long seed(Path connectionFile, int users, int packs) throws Exception {
        Properties db = new Properties();
        try (InputStream in = Files.newInputStream(connectionFile)) {
            db.load(in);
        }
        try (Connection connection = DriverManager.getConnection(db.getProperty("url"), db.getProperty("user"),
                db.getProperty("password")); Statement sql = connection.createStatement()) {
            var existing = sql.executeQuery("select count(*) from user_pack");
            existing.next();
            if (existing.getLong(1) >= packs) {
                return existing.getLong(1);
            }
            sql.execute("insert into app_user (name, display_name) select 'bench-' || g, '用户' || g "
                    + "from generate_series(1, " + users + ") g on conflict do nothing");
            // a mix like a real node: a fifth activity packs, a seventh out of time, names in no order
            sql.execute("""
                    insert into user_pack (user_id, pack_name, duration_type, status, total_millis, used_millis,
                        activity_start, activity_end, buy_time, deadline, created_at)
                    select u.id, 'pack-' || lpad(((g::bigint * 7919) %% %d)::text, 7, '0'),
                           case when g %% 5 = 0 then 'activity' else 'timing' end,
                           case when g %% 7 = 0 then 'outOfTime' else 'free' end,
                           case when g %% 5 = 0 then null else 3600000::bigint * (1 + g %% 100) end, 0,
                           case when g %% 5 = 0 then now() - interval '1 day' end,
                           case when g %% 5 = 0 then now() + interval '30 days' end,
                           now() - (g %% 1000) * interval '1 hour',
                           case when g %% 5 = 0 and g %% 7 <> 0 then now() + interval '30 days' end, now()
                    from generate_series(0, %d) g
                    join (select id, row_number() over (order by id) - 1 as n from app_user where name like 'bench-%%') u
                      on u.n = g %% %d""".formatted(packs, packs - 1, users));
            sql.execute("""
                    insert into pack_node (pack_id, position, node_name, node_type, cpu_count, gpu_count, memory_size)
                    select id, 0, 'master', 'master', 8, 1, 32 from user_pack""");
            // a freshly loaded table is vacuumed by autovacuum soon after, which could fall into the
            // measured window; a table in service has long been vacuumed
            sql.execute("vacuum analyze");
            var count = sql.executeQuery("select count(*) from user_pack");
            count.next();
            return count.getLong(1);
        }
    }
}
