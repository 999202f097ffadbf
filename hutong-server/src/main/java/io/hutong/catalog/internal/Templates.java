package io.hutong.catalog.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import io.hutong.web.ApiException;
import io.hutong.web.Violations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Task templates kept on the node: the shipped examples and what admins add. */
@Component
public class Templates {

    private static final Logger log = LoggerFactory.getLogger(Templates.class);
    static final List<String> SHIPPED = List.of("gpu-training", "two-party-psi", "three-party-training");

    /** A stored template as listed. */
    public record Stored(String id, String name, boolean builtin, Instant updatedAt, JsonNode body) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Templates(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The shipped examples, unless a template of that id is already kept (an admin's edit stays). */
    @EventListener(ApplicationReadyEvent.class)
    void installExamples() {
        for (String id : SHIPPED) {
            try (InputStream in = Templates.class.getResourceAsStream("/io/hutong/catalog/templates/" + id + ".json")) {
                JsonNode body = json.readTree(in);
                Violations violations = new Violations();
                Template template = Template.parse(body, "template", violations);
                violations.throwIfAny();
                int added = jdbc.sql("""
                        insert into catalog_template (id, name, body, builtin, updated_at) values (?, ?, ?, true, ?)
                        on conflict (id) do nothing""").params(id, template.name(), body.toString(), ts(clock.instant()))
                        .update();
                if (added > 0) {
                    log.info("Task template {} installed", id);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public List<Stored> list() {
        return jdbc.sql("select id, name, builtin, updated_at, body from catalog_template order by id")
                .query((rs, n) -> stored(rs)).list();
    }

    public Optional<Stored> find(String id) {
        return jdbc.sql("select id, name, builtin, updated_at, body from catalog_template where id = ?")
                .param(id).query((rs, n) -> stored(rs)).optional();
    }

    Template template(String id) {
        Stored stored = find(id).orElseThrow(() -> ApiException.notFound("no task template " + id));
        Violations violations = new Violations();
        Template template = Template.parse(stored.body(), "template", violations);
        violations.throwIfAny();
        return template;
    }

    /** Adds or replaces a template; its id in the path and in the body must agree. */
    public Stored save(String id, JsonNode body) {
        Violations violations = new Violations();
        if (body != null && body.isObject() && !body.path("id").asString("").equals(id)) {
            violations.add("id", "equals(path id " + id + ")");
        }
        Template template = Template.parse(body, "template", violations);
        violations.throwIfAny();
        jdbc.sql("""
                insert into catalog_template (id, name, body, builtin, updated_at) values (?, ?, ?, false, ?)
                on conflict (id) do update set name = excluded.name, body = excluded.body, builtin = false,
                    updated_at = excluded.updated_at""")
                .params(id, template.name(), body.toString(), ts(clock.instant())).update();
        return find(id).orElseThrow();
    }

    public boolean delete(String id) {
        return jdbc.sql("delete from catalog_template where id = ?").param(id).update() > 0;
    }

    private Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getString("id"), rs.getString("name"), rs.getBoolean("builtin"),
                instant(rs, "updated_at"), json.readTree(rs.getString("body")));
    }
}
