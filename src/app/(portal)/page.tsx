export const dynamic = 'force-dynamic'

export default function HomePage() {
  return (
    <main>
      <h1>PUMOTIX Account</h1>
      <p>
        <a href="/admin">Staff sign-in</a>
      </p>
    </main>
  )
}
