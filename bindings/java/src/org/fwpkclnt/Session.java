// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of FWPM_SESSION0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Session {
    public UUID sessionKey;
    public DisplayData displayData;
    public int flags;
    public int txnWaitTimeoutInMSec;
    public int processId;
    public byte[] sid;
    public String username;
    public boolean kernelMode;

    public Session() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
