package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceWindowTest {

    @Test
    void countsGapsLateArrivalsAndDuplicates() {
        SequenceWindow w = new SequenceWindow();
        assertEquals(SequenceWindow.NEW, w.accept(9, 10)); // joining mid-stream: nothing before 10 is lost
        assertEquals(SequenceWindow.NEW, w.accept(9, 11));
        assertEquals(SequenceWindow.NEW, w.accept(9, 15)); // 12, 13, 14 missing
        assertEquals(3, w.lost());
        assertEquals(SequenceWindow.LATE, w.accept(9, 13));
        assertEquals(2, w.lost());
        assertEquals(1, w.late());
        assertEquals(SequenceWindow.DUPLICATE, w.accept(9, 13));
        assertEquals(SequenceWindow.DUPLICATE, w.accept(9, 15));
        assertEquals(SequenceWindow.DUPLICATE, w.accept(9, 10));
        assertEquals(3, w.duplicates());
        assertEquals(2, w.lost());
    }

    @Test
    void aJumpPastTheWindowForgetsTheMapAndAVeryOldArrivalCountsAsLate() {
        SequenceWindow w = new SequenceWindow();
        w.accept(1, 0);
        w.accept(1, 200);
        assertEquals(199, w.lost());
        assertEquals(SequenceWindow.DUPLICATE, w.accept(1, 200));
        assertEquals(SequenceWindow.LATE, w.accept(1, 100)); // 100 behind: too old to tell, assumed late
        assertEquals(198, w.lost());
        assertEquals(SequenceWindow.LATE, w.accept(1, 199));
        assertEquals(SequenceWindow.DUPLICATE, w.accept(1, 199));
    }

    @Test
    void aNewIncarnationIsARestartNotADuplicate() {
        SequenceWindow w = new SequenceWindow();
        for (long s = 0; s < 30; s++) {
            w.accept(1, s);
        }
        assertEquals(SequenceWindow.RESTART, w.accept(2, 0));
        assertEquals(SequenceWindow.NEW, w.accept(2, 1));
        assertEquals(1, w.restarts());
        assertEquals(0, w.lost());
        assertEquals(0, w.duplicates());
    }
}
