package io.opencvm.bench;

/**
 * One line of a result table: the load run plus what the server and PostgreSQL did meanwhile
 * (statements per successful replicate, average sessions waiting on a lock or idle in a transaction,
 * CPU of each as a share of the machine's cores, the server's highest RSS).
 */
record Row(String stage, String mode, int sources, Result result, double statementsPerRequest, double lockWaiting,
           double idleInTransaction, double serverCpuPct, double postgresCpuPct, long rssMb) {
}
