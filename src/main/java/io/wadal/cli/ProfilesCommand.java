package io.wadal.cli;

import io.wadal.app.WadalContext;
import io.wadal.app.Invocation;
import io.wadal.cli.mixin.CommonOptions;
import io.wadal.state.StoredRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "List the profiles in <home>/profiles, with the cluster recorded for each.")
public class ProfilesCommand implements Callable<Integer> {
    private final WadalContext ctx;

    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "print as JSON")
    boolean json;

    public ProfilesCommand(WadalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Invocation ws = CommonOptions.invocation(spec, ctx, null);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : ws.profiles().names()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            Optional<StoredRecord> stored = ws.store().lookup(name);
            row.put("cluster", stored.filter(s -> !s.isBroken()).map(s -> s.record().id()).orElse(null));
            if (stored.isPresent() && stored.get().isBroken()) {
                // Reported here; the other profiles are listed as usual.
                ws.warnings().accept(stored.get().broken().message());
                row.put("brokenRecord", stored.get().broken().message());
            }
            rows.add(row);
        }
        if (json) {
            Json.print(ws.out(), rows);
            return 0;
        }
        PrintWriter out = ws.out();
        if (rows.isEmpty()) {
            ws.err().println("No profiles in " + ws.home().profiles()
                    + ": copy profile.template to profiles/<name> and fill it in.");
        }
        for (Map<String, Object> row : rows) {
            Object cluster = row.containsKey("brokenRecord") ? "(broken record)" : row.get("cluster");
            out.println(cluster == null ? String.valueOf(row.get("name")) : String.format("%-24s %s", row.get("name"), cluster));
        }
        return 0;
    }
}
