package io.wadal.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferProgressTest {
    @Test
    void sizesAndRatesInDecimalUnits() {
        assertEquals("0 B", TransferProgress.size(0));
        assertEquals("999 B", TransferProgress.size(999));
        assertEquals("1.0 kB", TransferProgress.size(1000));
        assertEquals("100.0 MB", TransferProgress.size(100_000_000));
        assertEquals("2.5 GB", TransferProgress.size(2_500_000_000L));
        assertEquals("110 MB/s", TransferProgress.rate(110_300_000));
        assertEquals("5.4 MB/s", TransferProgress.rate(5_430_000));
    }

    @Test
    void detailsGiveSizeTimeRateAndTheFileCountWhenNotOne() {
        assertEquals("100.0 MB in 0.9 s, 111 MB/s", TransferProgress.details(1, 100_000_000, 900_000_000L));
        assertEquals("3 files, 1.2 kB in 0.5 s, 2.4 kB/s", TransferProgress.details(3, 1200, 500_000_000L));
        assertEquals("0 files, 0 B in 0.0 s", TransferProgress.details(0, 0, 0));
    }

    @Test
    void withoutATerminalOnlyTheSummaryLineIsPrinted() {
        StringWriter text = new StringWriter();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        TransferProgress progress = new TransferProgress(new PrintWriter(text), raw);
        progress.started("works/x.csv", 1, 2_000_000);
        progress.transferred(1_500_000);
        progress.transferred(500_000);
        progress.finished();
        progress.summary("uploaded works/x.csv");

        assertEquals(0, raw.size(), "no bar");
        assertTrue(text.toString().matches("uploaded works/x\\.csv \\(2\\.0 MB in \\d+\\.\\d s, [\\d.]+ [kMGT]?B/s\\)\n"), text.toString());
    }

    @Test
    void onlyTheProcessStderrCanBeATerminal() {
        assertFalse(StderrTerminal.is(new ByteArrayOutputStream()));
        assertFalse(StderrTerminal.is(new FileOutputStream(FileDescriptor.out)));
    }
}
