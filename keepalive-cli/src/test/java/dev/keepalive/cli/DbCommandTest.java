package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kal db} over an in-memory H2 database: exit codes, one-line errors, text and JSON reports. */
class DbCommandTest {

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kal.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anUnknownUrlExitsOneWithOneLine() {
        Run r = run("db", "--url", "jdbc:nope://x/y", "--max-idle", "1s");
        assertEquals(1, r.exit());
        assertEquals(List.of("kal db: cannot connect to jdbc:nope://x/y: No suitable driver found for jdbc:nope://x/y"),
                r.errLines());
        assertEquals("", r.out(), "nothing but the one error line");
    }

    @Test
    void aWrongPasswordExitsOneWithTheDatabasesWords() throws Exception {
        String url = "jdbc:h2:mem:kaldbauth;DB_CLOSE_DELAY=-1";
        try (Connection owner = DriverManager.getConnection(url, "sa", "right")) {
            Run r = run("db", "--url", url, "--user", "sa", "--password", "wrong", "--max-idle", "1s");
            assertEquals(1, r.exit());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("kal db: cannot connect to " + url + ": Wrong user name or password"), r.err());
            assertEquals("", r.out());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-idle|0|kal db: --max-idle: must be in (0s, 1d]: '0'",
        "--max-idle|2d|kal db: --max-idle: must be in (0s, 1d]: '2d'",
        "--max-idle|abc|kal db: --max-idle: expected a duration such as 500ms, 2s or 1m: 'abc'"})
    void badFlagsExitTwoNamingTheFlag(String flag, String value, String line) {
        Run r = run("db", "--url", "jdbc:h2:mem:x", flag, value);
        assertEquals(2, r.exit());
        assertEquals(List.of(line), r.errLines());
    }

    @Test
    void theUrlIsRequired() {
        Run r = run("db");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal db: --url: missing value"), r.errLines());
    }

    @Test
    void reportsNoIdleLimitAndSafeSettingsWhenEveryConnectionSurvives() {
        Run r = run("db", "--url", "jdbc:h2:mem:kaldb1;DB_CLOSE_DELAY=-1", "--max-idle", "600ms");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("kal db: holding idle connections to jdbc:h2:mem:kaldb1;DB_CLOSE_DELAY=-1 for up to 600ms;"
                + " stops at the first that dies", lines.get(0));
        assertEquals(List.of("  idle 250ms: alive", "  idle 500ms: alive", "  idle 600ms: alive"), lines.subList(1, 4));
        assertTrue(lines.get(4).matches("kal db: H2 .*: every idle connection survived up to 600ms \\(no idle limit below that\\);"
                + " a busy connection lived on"), lines.get(4));
        assertEquals("kal db: safe pool settings: keepaliveTime=300ms maxLifetime=30m", lines.get(5));
    }

    @Test
    void jsonIsOneObjectWithMillisecondsAndAHiddenPassword() {
        Run r = run("db", "--url", "jdbc:h2:mem:kaldb2;DB_CLOSE_DELAY=-1;PASSWORD=pw", "--user", "sa", "--max-idle", "300ms", "--json");
        assertEquals(0, r.exit(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{\"url\":\"jdbc:h2:mem:kaldb2;DB_CLOSE_DELAY=-1;PASSWORD=***\",\"product\":\"H2 "), json);
        assertTrue(json.contains(",\"maxIdleMs\":300,\"steps\":[{\"idleMs\":250,\"alive\":true,\"evidence\":null},"
                + "{\"idleMs\":300,\"alive\":true,\"evidence\":null}],\"lastAliveMs\":300,\"firstDeadMs\":null,"
                + "\"busyConnectionDiedAfterMs\":null,\"serverSettings\":{},\"keepaliveTimeMs\":150,\"maxLifetimeMs\":1800000,"), json);
        assertEquals(1, r.out().lines().count());
    }
}
