package io.hutong.component.internal;

import io.hutong.web.Paging;
import io.hutong.component.ComponentInfo;
import io.hutong.component.RegisteredComponent;
import io.hutong.storage.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The bfia_component table; the full description is kept as jsonb. */
@Repository
public class ComponentStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ComponentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void save(RegisteredComponent component, Instant at) {
        ComponentInfo info = component.info();
        jdbc.sql("""
                insert into bfia_component (component_name, version, provider, image_url, info, registered_at)
                values (?, ?, ?, ?, ?::jsonb, ?)
                on conflict (component_name, version, provider) do update
                set image_url = excluded.image_url, info = excluded.info, registered_at = excluded.registered_at""")
                .params(info.componentName(), info.version(), info.provider(), component.imageUrl(),
                        json.writeValueAsString(info), Sql.ts(at))
                .update();
    }

    public Optional<RegisteredComponent> find(String name, String version, String provider) {
        return jdbc.sql("select image_url, info from bfia_component where component_name = ? and version = ? and provider = ?")
                .params(name, version, provider).query(this::component).optional();
    }

    public List<RegisteredComponent> findAll(String name, String version) {
        return jdbc.sql("select image_url, info from bfia_component where component_name = ? and version = ?")
                .params(name, version).query(this::component).list();
    }

    public List<RegisteredComponent> all(Paging page) {
        return jdbc.sql("select image_url, info from bfia_component order by component_name, version, provider "
                + "limit ? offset ?").params(page.limit(), page.offset()).query(this::component).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from bfia_component").query(Long.class).single();
    }

    private RegisteredComponent component(ResultSet rs, int row) throws SQLException {
        return new RegisteredComponent(rs.getString("image_url"),
                json.readValue(rs.getString("info"), ComponentInfo.class));
    }
}
