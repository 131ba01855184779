package io.wadal.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What wadal takes from the master's job lines (the master is not trusted), and the ids it proposes. */
class JobInfoTest {
    private static final String GOOD = "job\tnb-20261201-0931-etl\tnotebook\texit:3\t1000\t1065\t2000\tworks/team/etl.ipynb\tworks/team/etl.out.ipynb";

    @Test
    void aLineGivesTheJobItsStateAndDuration() {
        JobInfo j = JobInfo.parse(GOOD).orElseThrow();
        assertEquals("nb-20261201-0931-etl", j.id());
        assertEquals(JobInfo.State.FAILED, j.state());
        assertEquals("failed 3", j.stateText());
        assertEquals(3, j.exitCode());
        assertEquals(Duration.ofSeconds(65), j.duration());
        assertEquals("team/etl.out.ipynb", j.outputUnderWorks().orElseThrow());

        JobInfo running = JobInfo.parse("job\tpy-x\tpyspark\trunning\t1000\t-\t1030\tworks/a.py\t-").orElseThrow();
        assertFalse(running.over());
        assertEquals(Duration.ofSeconds(30), running.duration(), "so far, by the master's clock");
        assertEquals(143, JobInfo.parse("job\tpy-x\tpyspark\tkilled\t1\t2\t3\tworks/a.py\t-").orElseThrow().exitCode());
        assertEquals(1, JobInfo.parse("job\tpy-x\tpyspark\tlost\t1\t-\t3\tworks/a.py\t-").orElseThrow().exitCode());
        assertEquals(0, JobInfo.parse("job\tpy-x\tpyspark\texit:0\t1\t2\t3\tworks/a.py\t-").orElseThrow().exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "job\t../../etc\tnotebook\texit:0\t1\t2\t3\tw\t-",
            "job\tNB-X\tnotebook\texit:0\t1\t2\t3\tw\t-",
            "job\tnb-x\tshell\texit:0\t1\t2\t3\tw\t-",
            "job\tnb-x\tnotebook\texit:256\t1\t2\t3\tw\t-",
            "job\tnb-x\tnotebook\tdone\t1\t2\t3\tw\t-",
            "job\tnb-x\tnotebook\texit:0\t-1\t2\t3\tw\t-",
            "job\tnb-x\tnotebook\texit:0\t1\t2\t3\tw",
            "job\tnb-x\tnotebook\texit:0\t1\t2\t3\tw\t-\textra",
            "other\tnb-x\tnotebook\texit:0\t1\t2\t3\tw\t-"})
    void aLineThatIsNotWhatTheScriptWritesIsDropped(String line) {
        assertTrue(JobInfo.parse(line).isEmpty(), line);
    }

    @Test
    void whatTheMasterNamesIsMadeSafeForTheTerminalAndAnOutputOutsideWorksIsIgnored() {
        JobInfo j = JobInfo.parse("job\tnb-x\tnotebook\texit:0\t1\t2\t3\tworks/\u001b]0;pwned\u0007.ipynb\t/etc/passwd").orElseThrow();
        assertFalse(j.what().contains("\u001b") || j.what().contains("\u0007"), j.what());
        assertTrue(j.outputUnderWorks().isEmpty());
        assertTrue(JobInfo.parse("job\tnb-x\tnotebook\texit:0\t1\t2\t3\tw\tworks/../../.ssh/id_rsa").orElseThrow().outputUnderWorks().isEmpty());
        assertEquals(List.of("nb-x"), JobInfo.parseAll(GOOD.replace("nb-20261201-0931-etl", "nb-x") + "\nnoise\n").stream().map(JobInfo::id).toList());
    }

    @Test
    void idsAreShortReadableAndOnlyLowercaseLettersDigitsAndDashes() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T09:31:00Z"), ZoneOffset.UTC);
        assertEquals("nb-20261201-0931-etl", RemoteJob.notebook("team/ETL.ipynb", List.of(), Map.of()).idBase(clock));
        assertEquals("py-20261201-0931-my-daily-job", RemoteJob.sparkSubmit("a/My Daily_Job.py", List.of(), Map.of()).idBase(clock));
        assertEquals("py-20261201-0931", RemoteJob.sparkSubmit("$$$.py", List.of(), Map.of()).idBase(clock));
        String longName = RemoteJob.sparkSubmit("a-very-long-script-name-that-goes-on-and-on.py", List.of(), Map.of()).idBase(clock);
        assertTrue(JobInfo.ID.matcher(longName).matches() && longName.length() <= 41, longName);
        assertEquals("py-20261201-1831-x", RemoteJob.sparkSubmit("x.py", List.of(), Map.of())
                .idBase(Clock.fixed(Instant.parse("2026-12-01T09:31:00Z"), ZoneOffset.ofHours(9))), "the laptop's local time");
    }

    @Test
    void theJobsCommandReadsItsEnvironmentFromTheFileItIsGivenAndHoldsNoValueOfIt() {
        RemoteJob job = RemoteJob.sparkSubmit("job.py", List.of("--x"), Map.of("PASS", "hunter2"));
        assertFalse(job.jobCommand().contains("hunter2"), job.jobCommand());
        assertTrue(job.jobCommand().contains(" && . \"$1\" && rm -f -- \"$1\" && exec 'spark-submit' 'works/job.py' '--x' </dev/null"),
                job.jobCommand());
        assertEquals("export PASS='hunter2'\n", job.environmentScript());
    }
}
