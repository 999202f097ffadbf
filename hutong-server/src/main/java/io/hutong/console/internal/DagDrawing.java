package io.hutong.console.internal;

import io.hutong.interconn.JobViews.TaskView;
import io.hutong.interconn.JobViews.UnitView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's DAG laid out for SVG: tasks in columns by dependency depth (longest path from a task
 * without upstream), each column ordered by the mean row of its upstream tasks so that edges cross
 * little; edges run from the right of a task to the left of the next. BFIA DAGs have tens of
 * tasks, so this is plain arithmetic on the server.
 */
public record DagDrawing(int width, int height, List<Box> boxes, List<Edge> edges) {

    static final int BOX_WIDTH = 250;
    static final int HEADER = 38;
    static final int LINE = 17;
    static final int GAP_X = 70;
    static final int GAP_Y = 22;
    static final int MARGIN = 12;

    /** A task's box, with its state and a line for its state at each party, their texts made here. */
    public record Box(TaskView task, int x, int y, int width, int height, Look.State state, List<PartyLine> parties) {
    }

    /**
     * A unit's line in its task's box: "✓ guest.0 at node-a: SUCCESS"; {@code status} NONE before it
     * exists, UNKNOWN for another party's unit at a node that does not schedule the job.
     */
    public record PartyLine(String text, String node, String status, int y) {
    }

    /** An edge from an upstream task to a task, as an SVG path. */
    public record Edge(String from, String to, String path) {
    }

    public static DagDrawing of(List<TaskView> tasks, Look look) {
        Map<String, TaskView> byName = new HashMap<>();
        tasks.forEach(task -> byName.put(task.name(), task));
        Map<String, Integer> layer = new HashMap<>();
        // the views come in a dependency order, so every upstream task has its layer already
        for (TaskView task : tasks) {
            layer.put(task.name(), task.upstream().stream().filter(layer::containsKey)
                    .mapToInt(name -> layer.get(name) + 1).max().orElse(0));
        }
        int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Map<String, Double> row = new HashMap<>();
        List<Box> boxes = new ArrayList<>();
        Map<String, Box> boxOf = new HashMap<>();
        int height = 0;
        for (int l = 0; l < layers; l++) {
            int current = l;
            List<TaskView> column = new ArrayList<>(tasks.stream().filter(t -> layer.get(t.name()) == current).toList());
            column.sort(Comparator.comparingDouble(t -> t.upstream().stream().filter(row::containsKey)
                    .mapToDouble(row::get).average().orElse(0)));
            int y = MARGIN;
            for (int i = 0; i < column.size(); i++) {
                TaskView task = column.get(i);
                row.put(task.name(), (double) i);
                int h = HEADER + LINE * task.units().size() + 8;
                List<PartyLine> parties = new ArrayList<>();
                for (int u = 0; u < task.units().size(); u++) {
                    UnitView unit = task.units().get(u);
                    String where = unit.role() + " at " + unit.node() + ": ";
                    parties.add(unit.known()
                            ? new PartyLine(look.symbol(unit.status()) + " " + where + look.word(unit.status()), unit.node(),
                                    unit.status() == null ? "NONE" : unit.status().name(), y + HEADER + LINE * u + 12)
                            : new PartyLine("? " + where + "known to the scheduler", unit.node(), "UNKNOWN",
                                    y + HEADER + LINE * u + 12));
                }
                Box box = new Box(task, MARGIN + l * (BOX_WIDTH + GAP_X), y, BOX_WIDTH, h, look.state(task.status()),
                        parties);
                boxes.add(box);
                boxOf.put(task.name(), box);
                y += h + GAP_Y;
            }
            height = Math.max(height, y - GAP_Y + MARGIN);
        }
        List<Edge> edges = new ArrayList<>();
        for (Box box : boxes) {
            for (String up : box.task().upstream()) {
                Box from = boxOf.get(up);
                if (from == null) {
                    continue;
                }
                int x1 = from.x() + from.width();
                int y1 = from.y() + from.height() / 2;
                int x2 = box.x();
                int y2 = box.y() + box.height() / 2;
                int bend = GAP_X / 2;
                edges.add(new Edge(up, box.task().name(), "M" + x1 + " " + y1 + " C" + (x1 + bend) + " " + y1 + " "
                        + (x2 - bend) + " " + y2 + " " + (x2 - 6) + " " + y2));
            }
        }
        int width = MARGIN * 2 + Math.max(1, layers) * BOX_WIDTH + Math.max(0, layers - 1) * GAP_X;
        return new DagDrawing(width, Math.max(height, 60), boxes, edges);
    }
}
