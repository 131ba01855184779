package io.wadal.error;

import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExceptionTextTest {
    @Test
    void anExceptionWithoutAMessageIsDescribedByItsTypeNeverAsNull() {
        assertEquals("connection refused", ExceptionText.of(new ConnectException()));
        assertEquals("IOException (no details given)", ExceptionText.of(new IOException()));
        assertEquals("connection refused", ExceptionText.of(new RuntimeException(null, new ConnectException())),
                "a cause that says more");
        assertEquals("unknown error", ExceptionText.of(null));
    }

    @Test
    void theSshLibrarysRawTextsBecomeSentences() {
        assertEquals("the master closed the connection", ExceptionText.of(new SshException(
                "IoWriteFutureImpl[WriteRequest[write=Buffer [rpos=0, wpos=52, size=52]]]: Failed (WriteAbortedException)")));
        assertEquals("the SSH channel was closed by the master", ExceptionText.of(new SshException("Channel is being closed")));
        assertEquals("the master closed the connection", ExceptionText.of(new SshException("Session is being closed")));
        // seen when a port accepts, then closes before the SSH greeting (the race the retry of wait-ready meets)
        assertEquals("the master closed the connection", ExceptionText.of(new SshException(
                "No session attached to Nio2Session[local=/127.0.0.1:32792, remote=/127.0.0.1:39553]")));
    }

    @Test
    void fileSystemErrorsNameTheFileAndTheReasonWithoutTheJavaClass() {
        FileSystemException fs = new FileSystemException("/data/out.csv", null, "Read-only file system");
        assertEquals("/data/out.csv: Read-only file system", ExceptionText.of(fs));
        assertEquals("/data/out.csv: Read-only file system", ExceptionText.of(new UncheckedIOException(fs)),
                "wrapped, its message is 'java.nio.file.FileSystemException: …'");
        assertEquals("/data/out.csv: FileSystemException (no details given)", ExceptionText.of(new FileSystemException("/data/out.csv")));
        assertEquals("/data/in: permission denied", ExceptionText.of(new UncheckedIOException(
                new java.nio.file.AccessDeniedException("/data/in"))), "as Files.walk throws it for an unreadable folder");
        assertEquals("first line only", ExceptionText.of(new IOException("first line only\n\tat somewhere")));
    }
}
