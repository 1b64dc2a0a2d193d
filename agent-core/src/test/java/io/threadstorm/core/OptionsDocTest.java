package io.threadstorm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md, the page users read, against the options table: the same keys, order and defaults. */
class OptionsDocTest {

    static final Path DOC = Path.of("../docs/configuration.md");

    /** The first table of the page: key to its default column. */
    private static Map<String, String> documented() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("| key |")) {
                in = true;
                continue;
            }
            if (in && !line.startsWith("|")) {
                break;
            }
            if (in && line.startsWith("| `")) {
                List<String> cells = cells(line);
                out.put(cells.get(0).replace("`", ""), cells.get(cells.size() - 1));
            }
        }
        return out;
    }

    /** A row's cells; a '|' inside backquotes belongs to its cell. */
    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return out;
    }

    @Test
    void thePageListsEveryOptionInTheTablesOrder() throws Exception {
        List<String> keys = Options.keys().stream().map(Options.Key::name).toList();
        assertEquals(keys, List.copyOf(documented().keySet()));
    }

    @Test
    void everyDocumentedDefaultIsTheTablesDefault() throws Exception {
        Map<String, String> doc = documented();
        for (Options.Key<?> key : Options.keys()) {
            String shown = doc.get(key.name());
            if (key.defaultValue().isEmpty()) {
                assertFalse(shown.startsWith("`"), key.name() + " has no default, the page shows " + shown);
            } else {
                assertEquals("`" + key.defaultValue() + "`", shown, key.name());
            }
        }
    }

    @Test
    void everyDefaultParses() {
        Options defaults = Options.defaults();
        for (Options.Key<?> key : Options.keys()) {
            Object value = defaults.get(key);
            assertTrue(key.defaultValue().isEmpty() || value != null, key.name());
        }
    }
}
