/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite ships WebAssembly and data files it loads from its own folder; bcryptjs and pg stay plain requires too.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "bcryptjs"],
  images: { unoptimized: true },
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
