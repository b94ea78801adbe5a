import PostgresNIO

/// The schema, as named migrations applied once each and never edited after release (a change is a new one).
/// All run in one transaction under an advisory lock, so instances starting together wait for the first and find
/// the schema ready; PostgreSQL's DDL is transactional, so a failed migration leaves nothing half-made.
extension PostgresTeamStore {
    /// The advisory lock's key: "vigil" in ASCII, so it does not collide with other applications' locks by chance.
    static let migrationLock: Int64 = 0x76_69_67_69_6c

    static let migrations: [(name: String, statements: [String])] = [
        (
            "p1-team",
            [
                """
                CREATE TABLE product (
                    id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, description text, created_at text NOT NULL)
                """,
                """
                CREATE TABLE product_release (
                    id bigserial PRIMARY KEY,
                    product_id bigint NOT NULL REFERENCES product (id) ON DELETE CASCADE,
                    version text NOT NULL, sbom bytea NOT NULL, sbom_format text NOT NULL, sbom_sha256 text NOT NULL,
                    support text NOT NULL CHECK (support IN ('supported', 'security-only', 'unsupported')),
                    end_of_support text, fielded_devices bigint CHECK (fielded_devices IS NULL OR fielded_devices >= 0),
                    created_at text NOT NULL, UNIQUE (product_id, version))
                """,
                """
                CREATE TABLE triage_decision (
                    sequence bigserial PRIMARY KEY, id text NOT NULL UNIQUE, vulnerability text NOT NULL,
                    component_name text NOT NULL, component_version text, component_version_range text,
                    component_purl text, state text NOT NULL, justification text, responses text NOT NULL,
                    note text NOT NULL, author text NOT NULL, recorded_at text NOT NULL, origin text NOT NULL,
                    evidence text, kernel_build text)
                """,
                "CREATE INDEX triage_decision_vulnerability ON triage_decision (vulnerability)",
                """
                CREATE TABLE evaluation (
                    product text NOT NULL, release text NOT NULL, evaluated_at text NOT NULL,
                    generation bigint NOT NULL, PRIMARY KEY (product, release))
                """,
                """
                CREATE TABLE tracked_finding (
                    product text NOT NULL, release text NOT NULL, finding text NOT NULL, data text NOT NULL,
                    PRIMARY KEY (product, release, finding))
                """,
                """
                CREATE TABLE evaluation_history (
                    product text NOT NULL, release text NOT NULL, evaluated_at text NOT NULL,
                    open_by_severity text NOT NULL, PRIMARY KEY (product, release, evaluated_at))
                """,
                "CREATE TABLE alert (id text PRIMARY KEY, created_at text NOT NULL, data text NOT NULL)",
                "CREATE INDEX alert_created_at ON alert (created_at)",
                """
                CREATE TABLE alert_delivery (
                    alert text NOT NULL REFERENCES alert (id) ON DELETE CASCADE, channel text NOT NULL,
                    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead-letter')),
                    attempts integer NOT NULL, next_attempt_at text NOT NULL, last_error text, delivered_at text,
                    PRIMARY KEY (alert, channel))
                """,
                "CREATE INDEX alert_delivery_due ON alert_delivery (status, next_attempt_at)",
                """
                CREATE TABLE account (
                    name text PRIMARY KEY, role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
                    password_hash text NOT NULL, created_at text NOT NULL, disabled boolean NOT NULL DEFAULT false)
                """,
                """
                CREATE TABLE api_token (
                    id text PRIMARY KEY, user_name text NOT NULL REFERENCES account (name) ON DELETE CASCADE,
                    scope text NOT NULL CHECK (scope IN ('read', 'write')), hash text NOT NULL,
                    created_at text NOT NULL, revoked_at text, last_used_at text)
                """,
                """
                CREATE TABLE browser_session (
                    id_hash text PRIMARY KEY, user_name text NOT NULL REFERENCES account (name) ON DELETE CASCADE,
                    csrf_token text NOT NULL, created_at text NOT NULL, expires_at text NOT NULL)
                """,
                "CREATE INDEX browser_session_expires_at ON browser_session (expires_at)",
                """
                CREATE TABLE audit_log (
                    sequence bigserial PRIMARY KEY, at text NOT NULL, actor text NOT NULL, action text NOT NULL,
                    target text NOT NULL, before text, after text)
                """,
                // The triage history and the audit log are append-only, for Vigil and anyone else with a login.
                """
                CREATE FUNCTION vigil_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the % is append-only', TG_ARGV[0]; END $$
                """,
                """
                CREATE TRIGGER triage_decision_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON triage_decision
                FOR EACH STATEMENT EXECUTE FUNCTION vigil_append_only('triage history')
                """,
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION vigil_append_only('audit log')
                """,
            ]
        ),
        (
            "p2-login-failures",
            [
                // Failed sign-ins per key (`user:NAME`, `address:IP`) for the rate limit's window, shared by every
                // instance, so spreading guesses over instances gains nothing.
                "CREATE TABLE login_failure (key text NOT NULL, at text NOT NULL)",
                "CREATE INDEX login_failure_key ON login_failure (key, at)",
                "CREATE INDEX login_failure_at ON login_failure (at)",
            ]
        ),
    ]

    /// Applies the migrations not applied yet.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS vigil_migration (
                    name text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            let applied = Set(
                try await fetch("SELECT name FROM vigil_migration", connection).map { try $0.decode(String.self) })
            let known = Set(Self.migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw PostgresStoreError(
                    "the database has migration '\(unknown)', which this Vigil does not know: it was written by a "
                        + "newer Vigil; upgrade this one")
            }
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO vigil_migration (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }
}
