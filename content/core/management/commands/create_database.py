from django.core.management.base import BaseCommand
from django.db import connection
from psycopg import connect, sql


class Command(BaseCommand):
    help = "Create the PostgreSQL database named in DATABASE_URL if it does not exist yet."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            return  # SQLite creates its file on first use.
        params = connection.get_connection_params()
        name = params.pop("dbname")
        # Connect to the maintenance database, since the target may not exist.
        with connect(**params, dbname="postgres", autocommit=True) as maintenance:
            exists = maintenance.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                self.stdout.write(f"Created database {name}.")
