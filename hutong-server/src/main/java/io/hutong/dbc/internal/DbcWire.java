package io.hutong.dbc.internal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** dbc_client's answers, with the client's own field names. Values the client prints as strings stay strings. */
public final class DbcWire {

    private DbcWire() {
    }

    /** An entry of {@code /mining_nodes} with an empty {@code peer_nodes_list}. */
    public record NodeEntry(String node_id, String name, String version) {
    }

    /** {@code /mining_nodes} with {@code [node_id]}: every value a string. */
    public record MachineInfo(String version, String node_type, String ip, String os, Cpu cpu, Gpu gpu, Mem mem,
            DiskSystem disk_system, List<DiskData> disk_data, List<Image> images) {
    }

    public record Cpu(String type, String hz, String cores, String used_usage, String physical_cpus) {
    }

    public record Gpu(String gpu_count, String gpu_used) {
    }

    public record Mem(String size, String free, String used_usage) {
    }

    public record DiskSystem(String type, String size) {
    }

    public record DiskData(String path, String type, String size, String free, String used_usage) {
    }

    /** One client version spells the key {@code "image_name:"}. */
    public record Image(@JsonAlias("image_name:") String image_name, String image_size) {
    }

    /** What create and list answer. */
    public record TaskSummary(String task_id, String create_time, String desc, String status) {
    }

    /** {@code /tasks/<task_id>}. */
    public record TaskDetails(String task_id, String os, String ssh_ip, String ssh_port, String rdp_port, String user_name,
            String login_password, Integer cpu_cores, Integer gpu_count, String mem_size, String disk_system,
            String vnc_port, String vnc_password, String network_name, String create_time, String desc, String status,
            String rent_order, List<String> local_address, List<Disk> disks,
            @JsonProperty("interface") List<NetworkInterface> interfaces) {

        @Override
        public String toString() {
            return "TaskDetails[" + task_id + ", " + status + ", passwords hidden]";
        }
    }

    public record Disk(String name, String size, String source_file) {
    }

    public record NetworkInterface(String name, String type, String mac_address) {
    }

    public record Snapshot(String snapshot_name, String description, String snapshot_file, String create_time,
            String status) {
    }

    /** {@code /images/downloadprogress} and {@code /images/uploadprogress}: progress like {@code "42%"}. */
    public record ImageProgress(String image_filename, String progress, String status) {
    }

    public record RentOrders(List<RentOrder> rent_orders) {
    }

    public record RentOrder(String id, String renter, String rent_end, String rent_status, String gpu_nums,
            List<String> gpu_index) {
    }

    public record SessionId(String session_id) {
        @Override
        public String toString() {
            return "SessionId[hidden]";
        }
    }
}
