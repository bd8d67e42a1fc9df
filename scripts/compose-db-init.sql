-- Run once by the postgres image when its data directory is first initialised (docker-compose.yml).
-- rujuk_app holds the runtime privileges (granted by the migrations); rujuk_api is the login the API and
-- worker use. Demo password: set your own for any real deployment.
CREATE ROLE rujuk_app NOLOGIN;
CREATE ROLE rujuk_api LOGIN PASSWORD 'rujuk_api' IN ROLE rujuk_app;
