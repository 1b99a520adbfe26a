"""One engine per database; each gives `content.search.engine` the same methods."""


class BaseEngine:
    """What every engine shares: its connection and how its tables are made."""

    schema = []
    drop = []

    def __init__(self, connection):
        self.connection = connection

    def create_schema(self, cursor):
        for statement in self.schema:
            cursor.execute(statement)

    def drop_schema(self, cursor):
        for statement in self.drop:
            cursor.execute(statement)
