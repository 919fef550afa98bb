"""Small request helpers shared by the API tests."""


def etag_of(client, url, **headers):
    """The ETag of a successful read, for the If-Match of the next write."""
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.headers["ETag"]


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
