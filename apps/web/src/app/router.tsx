import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './routes/app-layout';
import { ChannelPage } from './routes/channel';
import { HomePage } from './routes/home';
import { LoginPage, RegisterPage } from './routes/auth';
import { MemberPage, MembersPage } from './routes/members';
import { MessagePage } from './routes/message';
import { NotFoundPage } from './routes/not-found';
import { NotificationSettingsPage, ProfileSettingsPage, SettingsLayout } from './routes/settings';
import { ThemePage } from './routes/theme';
import { ThemesPage } from './routes/themes';

/**
 * Paths are a contract: mails and other clients link to them (`/messages/<id>`, `/themes/<slug>`; the
 * events, directory and settings pages of the next issue go under the same layout).
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'themes', element: <ThemesPage /> },
      { path: 'themes/:slug', element: <ThemePage /> },
      { path: 'themes/:slug/:channelSlug', element: <ChannelPage /> },
      { path: 'messages/:id', element: <MessagePage /> },
      { path: 'members', element: <MembersPage /> },
      { path: 'members/:id', element: <MemberPage /> },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="/settings/profile" replace /> },
          { path: 'profile', element: <ProfileSettingsPage /> },
          { path: 'notifications', element: <NotificationSettingsPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
