"""The allocation publication's large values are stored with lz4 on PostgreSQL (issue 21: the
exam close writes about 100 MB there), and read back byte for byte."""

import pytest
from django.db import connection

from jiaoguan.exams.models import AllocationPublication
from tests.exams.factories import make_window


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_publication_columns_are_compressed_with_lz4_and_read_back_whole():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attname IN ('input_data', 'result_data') ORDER BY attname",
            [AllocationPublication._meta.db_table],
        )
        assert cursor.fetchall() == [("input_data", "l"), ("result_data", "l")]
    body = b"".join(b"%08d,S%04d\n" % (n, n % 800) for n in range(200_000))  # 2.8 MB
    publication = AllocationPublication.objects.create(
        window=make_window(), input_data=body, result_data=body[::-1]
    )
    publication.refresh_from_db()
    assert bytes(publication.input_data) == body
    assert bytes(publication.result_data) == body[::-1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_column_compression(input_data), octet_length(input_data),"
            f" pg_column_size(input_data) FROM {AllocationPublication._meta.db_table}"
        )
        method, length, stored = cursor.fetchone()
    assert (method, length) == ("lz4", len(body))
    assert stored < length  # compressed, not stored as it came
